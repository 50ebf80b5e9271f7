"""A stand-alone simulator of the city 12345 platform (issue 24 §2).

    python -m tools.city_platform serve --port 5050 [--key-id K --secret S]
        receives what the app sends (set CITY_PLATFORM_URL=http://127.0.0.1:5050/inbox);
        GET /inbox lists it. With --secret it checks the signature of every message.
    python -m tools.city_platform send-day --base-url http://127.0.0.1:5000 --key-id tj12345 \\
        --secret S [--count 24] [--units HPQ-SCJG,...]
        posts a day of signed new orders to the app's /api/v1/platform/messages.
"""
