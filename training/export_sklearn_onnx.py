"""Exports a small scikit-learn sentiment pipeline to ONNX: the runtime's ONNX Runtime test fixture.

TF-IDF over word unigrams and bigrams -> logistic regression, trained on SST-2 train, converted by
skl2onnx with zipmap off so the model returns a 'label' tensor and a 'probabilities' tensor [N, 2].
Its input is a string tensor named 'text' of shape [N, 1]: the tokenizing happens inside the model.
"""
import argparse
import os

import numpy as np
import onnxruntime
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import StringTensorType
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [line.rstrip("\n").split("\t") for line in f]
    t, l = header.index("sentence"), header.index("label")
    return [r[t] for r in rows], np.array([int(r[l]) for r in rows])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default=os.path.join("..", "shared", "data", "sst2"))
    parser.add_argument("--out", default=os.path.join("inference-runtime", "src", "test", "resources", "models", "sklearn-onnx"))
    args = parser.parse_args()

    train_x, train_y = read_tsv(os.path.join(args.data_dir, "train.tsv"))
    dev_x, dev_y = read_tsv(os.path.join(args.data_dir, "dev.tsv"))
    # skl2onnx converts this tokenizer pattern; the default (?u)\b\w\w+\b keeps the model small.
    pipeline = Pipeline([
        ("tfidf", TfidfVectorizer(max_features=3000, ngram_range=(1, 2), sublinear_tf=True)),
        ("classify", LogisticRegression(C=4.0, max_iter=1000)),
    ])
    pipeline.fit(train_x, train_y)
    sklearn_accuracy = (pipeline.predict(dev_x) == dev_y).mean()

    onnx_model = convert_sklearn(
        pipeline,
        initial_types=[("text", StringTensorType([None, 1]))],
        # Locale "C": the default en_US.UTF-8 is missing on minimal machines and ONNX Runtime refuses the model.
        options={LogisticRegression: {"zipmap": False}, TfidfVectorizer: {"locale": "C"}},
        target_opset=15,
    )
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "model.onnx"), "wb") as f:
        f.write(onnx_model.SerializeToString())

    session = onnxruntime.InferenceSession(os.path.join(args.out, "model.onnx"))
    outputs = session.run(None, {"text": np.array(dev_x).reshape(-1, 1)})
    names = [o.name for o in session.get_outputs()]
    probabilities = outputs[names.index("probabilities")]
    onnx_accuracy = (probabilities.argmax(1) == dev_y).mean()
    for i in session.get_inputs():
        print("input", i.name, i.shape, i.type)
    for o in session.get_outputs():
        print("output", o.name, o.shape, o.type)

    with open(os.path.join(args.out, "labels.txt"), "w", encoding="utf-8") as f:
        f.write("negative\npositive\n")
    with open(os.path.join(args.out, "model.properties"), "w", encoding="utf-8") as f:
        f.write("# Written by training/export_sklearn_onnx.py.\n")
        f.write("name=sst2-tfidf-logreg\nversion=1\nengine=OnnxRuntime\nmodel=model.onnx\ntokenizer=none\n")
        f.write("input=text\noutput=probabilities\nactivation=none\nlabels=labels.txt\n")
        f.write("description=TF-IDF (uni- and bigrams, 3000 features) and logistic regression from scikit-learn\n")
        f.write(f"accuracy.sst2.dev={onnx_accuracy:.4f}\n")
    print(f"dev accuracy: scikit-learn {sklearn_accuracy:.4f}, ONNX Runtime {onnx_accuracy:.4f}")


if __name__ == "__main__":
    main()
