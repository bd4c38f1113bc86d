#!/usr/bin/env python3
"""The seed tutorial's Python consumer, as a baseline: json.loads per record and an if/elif dispatch.

Usage: seed_handler.py EVENT_FILE ROUNDS
Prints one line: records_per_second=<float> events=<int>. Timing is taken inside Python, around the handler only
(reading and parsing the event file, which Lambda's runtime does before the handler, is not counted).
"""
import base64
import json
import sys
import time

counts = {}


def handle_vertex_label(record):
    counts["vl"] = counts.get("vl", 0) + 1


def handle_vertex_property(record):
    counts["vp"] = counts.get("vp", 0) + 1


def handle_edge(record):
    counts["e"] = counts.get("e", 0) + 1


def handle_edge_property(record):
    counts["ep"] = counts.get("ep", 0) + 1


def lambda_handler(event, context):
    for record in event["Records"]:
        payload = base64.b64decode(record["kinesis"]["data"])
        change = json.loads(payload)
        data = change["data"]
        op = change["op"]
        element_type = data["type"]
        if element_type == "vl" and op == "ADD":
            handle_vertex_label(change)
        elif element_type == "vl" and op == "REMOVE":
            handle_vertex_label(change)
        elif element_type == "vp":
            handle_vertex_property(change)
        elif element_type == "e":
            handle_edge(change)
        elif element_type == "ep":
            handle_edge_property(change)
        else:
            print("unknown type", element_type)
    return {"batchItemFailures": []}


def main():
    with open(sys.argv[1], "rb") as f:
        event = json.load(f)
    rounds = int(sys.argv[2])
    n = len(event["Records"])
    lambda_handler(event, None)  # warm-up
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        lambda_handler(event, None)
        best = min(best, time.perf_counter() - start)
    print(f"records_per_second={n / best:.1f} events={sum(counts.values())}")


if __name__ == "__main__":
    main()
