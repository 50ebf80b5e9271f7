"""Exchange services: inbound (the city platform's messages), apply (onto the hotline),
outbound (the queue with retries and dead letters), pushes (events → outbound messages),
transport (signed HTTP or the in-process simulator) and simulator (a day of orders)."""
