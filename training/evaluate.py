"""Accuracy of an exported model folder on a labelled TSV, computed from the exported files alone.

Loads model.pt with torch.jit.load and tokenizer.json with the tokenizers library, exactly the
files the Java runtime loads, so a mistake in export shows here and not only in Java.
"""
import argparse
import os

import torch
from tokenizers import Tokenizer


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=os.path.join("resources", "models", "sentiment"))
    parser.add_argument("--data", default=os.path.join("..", "shared", "data", "sst2", "dev.tsv"))
    args = parser.parse_args()

    properties = dict(line.strip().split("=", 1) for line in open(os.path.join(args.model, "model.properties"))
                      if "=" in line and not line.startswith("#"))
    labels = [line.strip() for line in open(os.path.join(args.model, properties.get("labels", "labels.txt"))) if line.strip()]
    model = torch.jit.load(os.path.join(args.model, properties["model"])).eval()
    tokenizer = Tokenizer.from_file(os.path.join(args.model, properties.get("tokenizer.file", "tokenizer.json")))
    tokenizer.no_padding()
    tokenizer.enable_truncation(int(properties.get("maxLength", "128")))
    add_special = properties.get("tokenizer.addSpecialTokens", "true") == "true"

    with open(args.data, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [line.rstrip("\n").split("\t") for line in f]
    texts = [r[header.index("sentence")] for r in rows]
    gold = [int(r[header.index("label")]) for r in rows]
    positive = labels.index("positive")

    correct = 0
    with torch.inference_mode():
        for text, label in zip(texts, gold):
            ids = tokenizer.encode(text, add_special_tokens=add_special).ids
            x = torch.tensor([ids])
            predicted = int(model(x, torch.ones_like(x)).argmax(1)) == positive
            correct += int(predicted == bool(label))
    print(f"{args.model}: accuracy {correct / len(texts):.4f} on {len(texts)} texts of {args.data}")


if __name__ == "__main__":
    main()
