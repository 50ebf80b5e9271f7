import argparse
import sys

from .client import send_day
from .server import create_app


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.city_platform", description="市级12345平台模拟器")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="receive the app's messages on /inbox")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5050)
    serve.add_argument("--key-id", default="")
    serve.add_argument("--secret", default="")
    send = sub.add_parser("send-day", help="post a day of signed orders to the app")
    send.add_argument("--base-url", default="http://127.0.0.1:5000")
    send.add_argument("--key-id", required=True)
    send.add_argument("--secret", required=True)
    send.add_argument("--count", type=int, default=24)
    send.add_argument("--units", default="", help="comma-separated unit codes to dispatch to")
    send.add_argument("--prefix", default="SIM")
    args = parser.parse_args(argv)
    if args.command == "serve":
        create_app(args.key_id, args.secret).run(args.host, args.port)
        return 0
    units = [u for u in args.units.split(",") if u]
    statuses = send_day(args.base_url, args.key_id, args.secret, count=args.count, units=units, prefix=args.prefix)
    print("sent:", ", ".join(f"HTTP {s} × {n}" for s, n in sorted(statuses.items())))
    return 0 if set(statuses) <= {202} else 1


if __name__ == "__main__":
    sys.exit(main())
