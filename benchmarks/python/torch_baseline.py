"""The baseline for the runtime's latency: the same model.pt and tokenizer.json run by Python's torch.

Measures what a caller of the Java runtime gets, the same way LatencyBenchmark does: tokenize,
tensors, forward, softmax, back to Python numbers; one text at a time, then batches of 32.
Prints one JSON object.
"""
import argparse
import json
import os
import time

import torch
from tokenizers import Tokenizer


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=os.path.join("resources", "models", "sentiment"))
    parser.add_argument("--texts", required=True, help="one text per line")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--max-length", type=int, default=128)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    model = torch.jit.load(os.path.join(args.model, "model.pt")).eval()
    tokenizer = Tokenizer.from_file(os.path.join(args.model, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(args.max_length)
    with open(args.texts, encoding="utf-8") as f:
        texts = [line.strip() for line in f if line.strip()]

    def classify(batch):
        encodings = tokenizer.encode_batch(batch) if len(batch) > 1 else [tokenizer.encode(batch[0])]
        longest = max(1, max(len(e.ids) for e in encodings))
        ids = torch.zeros(len(batch), longest, dtype=torch.long)
        mask = torch.zeros(len(batch), longest, dtype=torch.long)
        for i, e in enumerate(encodings):
            ids[i, :len(e.ids)] = torch.tensor(e.ids)
            mask[i, :len(e.ids)] = 1
        return torch.softmax(model(ids, mask), dim=1).tolist()

    with torch.inference_mode():
        for i in range(max(3000, args.calls)):
            classify([texts[i % len(texts)]])
        nanos = []
        for i in range(args.calls):
            start = time.perf_counter_ns()
            classify([texts[i % len(texts)]])
            nanos.append(time.perf_counter_ns() - start)
        nanos.sort()
        batches = [[texts[(b * 32 + j) % len(texts)] for j in range(32)] for b in range(max(20, args.calls // 32))]
        for batch in batches[:10]:
            classify(batch)
        start = time.perf_counter()
        for batch in batches:
            classify(batch)
        seconds = time.perf_counter() - start

    def percentile(p):
        return nanos[min(len(nanos) - 1, int(-(-p * len(nanos) // 1)) - 1)] / 1e3

    print(json.dumps({
        "p50_us": round(percentile(0.50), 1),
        "p95_us": round(percentile(0.95), 1),
        "p99_us": round(percentile(0.99), 1),
        "batch32_texts_per_s": round(len(batches) * 32 / seconds),
        "calls": args.calls,
        "threads": args.threads,
        "torch_version": torch.__version__,
    }))


if __name__ == "__main__":
    main()
