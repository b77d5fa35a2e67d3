"""Scores cases.jsonl with the official WideSearch evaluation and writes official-scores.jsonl.

Usage: python3 score_official.py /path/to/WideSearch-checkout cases.jsonl official-scores.jsonl COMMIT

Runs evaluate_single_query of ByteDance Seed's WideSearch repository unchanged; only its network and LLM calls are
stubbed: llm_completion replays the case's scripted "llm" replies in call order (null or no reply left = the call
returned nothing, the official failure path) and records every prompt; the Hugging Face and pandarallel imports are
replaced by empty modules. Gold tables are read with the official loader's load_answer.
"""
import json
import os
import sys
import tempfile
import types

repo, cases_path, out_path, commit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
sys.path.insert(0, repo)

for name in ["datasets", "huggingface_hub", "pandarallel"]:
    m = types.ModuleType(name)
    m.load_dataset = m.snapshot_download = m.try_to_load_from_cache = lambda *a, **k: None
    m.pandarallel = types.SimpleNamespace(initialize=lambda **k: None)
    sys.modules[name] = m

state = {"replies": [], "prompts": []}


class Reply:
    def __init__(self, content):
        self.content = content


def llm_completion(messages, tools=None, model_config_name=""):
    state["prompts"].append(messages)
    if not state["replies"]:
        return None
    r = state["replies"].pop(0)
    return None if r is None else Reply(r)


llm = types.ModuleType("src.utils.llm")
llm.llm_completion = llm_completion
sys.modules["src.utils.llm"] = llm

from loguru import logger  # noqa: E402

logger.remove()

from src.evaluation.data_loader import WideSearchDataLoader, WideSearchQuery, WideSearchResponse  # noqa: E402
from src.evaluation.evaluation import evaluate_single_query  # noqa: E402

out = []
with open(cases_path) as f:
    cases = [json.loads(line) for line in f if line.strip()]
for case in cases:
    state["replies"] = list(case.get("llm", []))
    state["prompts"] = []
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as g:
        g.write(case["gold_csv"])
    answer = WideSearchDataLoader.load_answer(None, g.name, case["evaluation"]["required"])
    os.unlink(g.name)
    row = {"id": case["id"]}
    if answer is None:
        row["gold_rejected"] = True
    else:
        query = WideSearchQuery(case["id"], "q", case["evaluation"], answer, "en")
        r = evaluate_single_query(query, WideSearchResponse(case["id"], case["response"]))
        for k in ["score", "precision_by_row", "recall_by_row", "f1_by_row",
                  "precision_by_item", "recall_by_item", "f1_by_item"]:
            row[k] = float(getattr(r, k))
        row["prompts"] = state["prompts"]
        row["msg"] = r.msg.splitlines()[0] if r.msg else ""
    out.append(row)
with open(out_path, "w") as f:
    f.write(json.dumps({"official_repository": "ByteDance-Seed/WideSearch", "official_commit": commit}) + "\n")
    for row in out:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(f"scored {len(out)} cases with the official code at {commit}")
