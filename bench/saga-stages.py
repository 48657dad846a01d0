#!/usr/bin/env python3
"""Where the saga's events waited, from rows of the services' outbox and inbox tables.

Reads lines `out TYPE ID CREATED PUBLISHED` and `in TYPE ID PROCESSED` (epoch seconds; PUBLISHED
0 when not yet published) on stdin, as bench/saga.sh selects them, and prints per event type:
outbox row written -> published by the relay, and published -> the consumer's inbox row (broker
or in-process bus, the queue, and the consumer's handler up to its commit).
"""
import sys
out, inbox = {}, {}
for line in sys.stdin:
    kind, etype, eid, a, b = line.split()
    if kind == "out":
        out[eid] = (etype, float(a), float(b))
    else:
        inbox[eid] = float(a)
def q(v):
    v = sorted(v); n = len(v)
    if not n: return "none"
    return "p50 %.1f, p99 %.1f ms" % (v[n // 2] * 1e3, v[min(n - 1, int(n * 0.99))] * 1e3)
for etype in ("order.created", "payment.succeeded", "order.confirmed"):
    rows = [(eid, c, p) for eid, (t, c, p) in out.items() if t == etype]
    if not rows: continue
    relay = [p - c for _, c, p in rows if p > 0]
    consumed = [inbox[eid] - p for eid, _, p in rows if p > 0 and eid in inbox]
    line = "%s: %d events; outbox to published %s" % (etype, len(rows), q(relay))
    if consumed: line += "; published to consumed %s" % q(consumed)
    if len(relay) > 1:
        ts = sorted(p for _, _, p in rows if p > 0)
        line += "; published %.0f/s" % (len(ts) / max(ts[-1] - ts[0], 1e-9))
    print(line)
