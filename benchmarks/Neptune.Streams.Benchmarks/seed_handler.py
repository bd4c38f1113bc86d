#!/usr/bin/env python3
"""The seed tutorial's Python consumer, as a baseline: json.loads per record and an if/elif dispatch.

Usage: seed_handler.py PAYLOAD_FILE ROUNDS
Prints one line: records_per_second=<float> events=<int>. Each round is timed from the payload bytes to the response
bytes, as Lambda's Python runtime runs it: json.loads of the invocation payload, the handler, json.dumps of its answer
(reading the file is not counted).
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


def invoke(raw):
    return json.dumps(lambda_handler(json.loads(raw), None)).encode()


def main():
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    rounds = int(sys.argv[2])
    n = len(json.loads(raw)["Records"])
    invoke(raw)  # warm-up
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        invoke(raw)
        best = min(best, time.perf_counter() - start)
    print(f"records_per_second={n / best:.1f} events={sum(counts.values())}")


if __name__ == "__main__":
    main()
