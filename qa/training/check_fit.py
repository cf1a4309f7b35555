"""``tanya fit-check``: fit the answer check (:mod:`qa.answer_check`) on the whole pipeline's answers.

Questions: the open-domain pool of ``tanya eval open`` (answerable questions, and the unanswerable ones
of IDK-MRC), plus *swapped* questions: each answerable question with one constraint changed so that its
article no longer answers it (a year moved by a few years, or a name replaced by a name from another
question) — the "right story, wrong fact" kind of question a news archive gets. Each question is
retrieved and read as the assistant does (top 5, reading budget, rank weights); each of the reader's
candidates is one example, labelled right when its F1 with a gold answer is at least :data:`RIGHT_F1`
(every candidate of an unanswerable question is wrong). A logistic model is fitted by Newton's method
with a small L2 penalty. The decline threshold maximises the pool's overall score (F1 on the
answerable questions, 1 for each declined IDK-MRC question), as ``tanya eval open`` reports it. All
figures are two-fold cross-fitted by article, so that no question is scored by a model that saw it or
its swapped twin, and come with reliability tables for the check and for the reader's probability alone.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.answer_check import FEATURES, AnswerCheck, features
from qa.assistant import Assistant
from qa.evaluation import OpenQuestion
from qa.metrics import f1_score, percent, share
from qa.training.swapped import question_names, swap_constraint

RIGHT_F1 = 0.5
L2 = 1.0
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 15))
BINS = tuple(round(0.1 * i, 1) for i in range(11))
KINDS = ("answerable", "unanswerable", "swapped")


@dataclass(frozen=True)
class Asked:
    """One question: its kind (:data:`KINDS`), article, the reader's candidates (best first by the reader)
    with their features, reader probabilities and F1 against the gold answers."""

    kind: str
    document_id: str
    candidates: tuple[str, ...]
    reader_scores: tuple[float, ...]
    features: np.ndarray
    f1: tuple[float, ...]


def swapped_questions(questions: Sequence[OpenQuestion], contexts: dict[str, str], seed: int = 0) -> list[OpenQuestion]:
    """A swapped twin (see :func:`qa.training.swapped.swap_constraint`) of every answerable question that has one."""
    rng = random.Random(seed)
    names = question_names(q.question for q in questions)
    twins = ((swap_constraint(q.question, contexts[q.document_id], names, rng), q) for q in questions if q.answers)
    return [OpenQuestion(twin, q.document_id, ()) for twin, q in twins if twin is not None]


def collect(assistant: Assistant, questions: Sequence[tuple[str, OpenQuestion]], top_k: int | None = None,
            on_question: Callable[[int, int], None] | None = None) -> list[Asked]:
    """The reader's candidates for every ``(kind, question)``, read as :meth:`Assistant.read` reads them."""
    asked = []
    for number, (kind, item) in enumerate(questions, 1):
        found = assistant.candidates(item.question, assistant.retrieve(item.question, top_k=top_k))
        rows = [[values[name] for name in FEATURES]
                for values in (features(item.question, candidate) for _, candidate in found)]
        texts = tuple(answer.text for answer, _ in found)
        asked.append(Asked(
            kind, item.document_id, texts, tuple(candidate.reader_score for _, candidate in found),
            np.array(rows, dtype=float).reshape(-1, len(FEATURES)),
            tuple(f1_score(text, item.answers) if item.answers else 0.0 for text in texts),
        ))
        if on_question:
            on_question(number, len(questions))
    return asked


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias of a logistic regression of ``y`` on ``x`` (Newton's method, L2 on the weights)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    theta = np.zeros(design.shape[1])
    penalty = np.diag([l2] * x.shape[1] + [0.0])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design @ theta))
        gradient = design.T @ (p - y) + penalty @ theta
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(len(theta))
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[:-1], float(theta[-1])


Choice = tuple[float, float]
"""The confidence of a question's chosen candidate and its F1 (0, 0 when the reader found nothing)."""


def choices(asked: Sequence[Asked], confidences: Sequence[np.ndarray]) -> list[Choice]:
    """Per question, its most confident candidate's confidence and F1."""
    chosen = []
    for item, confidence in zip(asked, confidences):
        best = int(np.argmax(confidence)) if len(confidence) else None
        chosen.append((0.0, 0.0) if best is None else (float(confidence[best]), item.f1[best]))
    return chosen


def figures(asked: Sequence[Asked], chosen: Sequence[Choice], threshold: float) -> dict:
    """F1 and declined share on the answerable questions, declined shares of the unanswerable and swapped ones,
    ``overall``: the mean over answerable and unanswerable questions of F1 or 1 for a decline (what ``tanya eval
    open`` reports), and ``balanced``: the same with the unanswerable questions' declines counted half from the
    unanswerable ones (not in the articles) and half from the swapped ones (right story, wrong fact), both kinds
    a news archive gets (percent)."""
    def of(kind: str) -> list[Choice]:
        return [c for item, c in zip(asked, chosen) if item.kind == kind]

    f1 = [score if confidence >= threshold else 0.0 for confidence, score in of("answerable")]
    declined = {kind: sum(confidence < threshold for confidence, _ in of(kind)) for kind in KINDS}
    unanswerable, swapped = len(of("unanswerable")), len(of("swapped"))
    counted = len(f1) + unanswerable
    both = (declined["unanswerable"] / unanswerable + declined["swapped"] / swapped) / 2 if unanswerable and swapped else None
    return {
        "f1": percent(f1),
        "declined_answerable": share(declined["answerable"], len(f1)),
        "declined_unanswerable": share(declined["unanswerable"], unanswerable),
        "declined_swapped": share(declined["swapped"], swapped),
        "overall": share(sum(f1) + declined["unanswerable"], counted),
        "balanced": None if both is None else share(sum(f1) + unanswerable * both, counted),
    }


def reliability(chosen: Sequence[Choice], counted: Sequence[bool]) -> list[dict]:
    """Confidence against the share of right answers (F1 >= :data:`RIGHT_F1`), per tenth of confidence, over
    the questions marked ``counted``."""
    table = []
    for low, high in zip(BINS, BINS[1:]):
        inside = [(confidence, score) for (confidence, score), kept in zip(chosen, counted)
                  if kept and low <= confidence < (high if high < 1 else 1.01)]
        if inside:
            table.append({"confidence": f"{low:.1f}-{high:.1f}", "answers": len(inside),
                          "mean_confidence": round(100 * float(np.mean([c for c, _ in inside])), 1),
                          "right": round(100 * float(np.mean([s >= RIGHT_F1 for _, s in inside])), 1)})
    return table


def calibration_error(table: Sequence[dict]) -> float:
    """The answers-weighted mean gap between shown confidence and the share of right answers (percent)."""
    total = sum(row["answers"] for row in table)
    return round(sum(row["answers"] * abs(row["mean_confidence"] - row["right"]) for row in table) / total, 2)


def fit_check(asked: Sequence[Asked], seed: int = 0) -> tuple[AnswerCheck, dict]:
    """The check fitted on all of ``asked``, and a report of two-fold cross-fitted figures, next to the same
    figures for the reader's probability alone (its best candidate, its threshold chosen the same way).

    Two stages: a logistic model over the candidates' features ranks them; its logit of each question's chosen
    candidate is then calibrated (Platt scaling, on the answerable and unanswerable questions, not the swapped
    ones) into the probability that the answer is right. The threshold maximises :func:`figures`' ``balanced``.
    """
    documents = sorted({item.document_id for item in asked})
    random.Random(seed).shuffle(documents)
    fold_of = {document: i % 2 for i, document in enumerate(documents)}
    logits: list[np.ndarray] = [np.zeros(0)] * len(asked)
    for fold in (0, 1):
        weights, bias = _fit([item for item in asked if fold_of[item.document_id] != fold])
        for i, item in enumerate(asked):
            if fold_of[item.document_id] == fold:
                logits[i] = item.features @ weights + bias
    ranked = choices(asked, logits)
    calibrated = [(item, logit, score) for item, (logit, score) in zip(asked, ranked)
                  if item.kind != "swapped" and item.candidates]
    (scale,), shift = fit_logistic(np.array([[logit] for _, logit, _ in calibrated]),
                                   np.array([score >= RIGHT_F1 for _, _, score in calibrated], dtype=float), l2=0.0)
    confidences = [1.0 / (1.0 + np.exp(-(scale * logit + shift))) for logit in logits]
    report = {"questions": {kind: sum(item.kind == kind for item in asked) for kind in KINDS},
              "candidates": int(sum(len(item.candidates) for item in asked)), "right_f1": RIGHT_F1}
    reader_alone = [np.array(item.reader_scores) for item in asked]
    for name, scored in (("check", confidences), ("reader_alone", reader_alone)):
        chosen = choices(asked, scored)
        threshold = max(THRESHOLDS, key=lambda t: figures(asked, chosen, t)["balanced"] or 0.0)
        table = reliability(chosen, [item.kind != "swapped" for item in asked])
        report[name] = {"threshold": threshold, **figures(asked, chosen, threshold),
                        "calibration_error": calibration_error(table), "reliability": table}
    weights, bias = _fit(asked)
    check = AnswerCheck({name: round(float(w), 4) for name, w in zip(FEATURES, weights)}, round(bias, 4),
                        round(float(scale), 4), round(shift, 4), report["check"]["threshold"])
    return check, report


def _fit(asked: Sequence[Asked]) -> tuple[np.ndarray, float]:
    rows = np.vstack([item.features for item in asked])
    labels = np.array([score >= RIGHT_F1 for item in asked for score in item.f1], dtype=float)
    return fit_logistic(rows, labels)


def save_check(check: AnswerCheck, report: dict, path: Path, command: str) -> None:
    """Write the check with its report and the command that made it (``qa/data/answer_check.json``)."""
    data = {**check.to_dict(), "features": list(FEATURES), "command": command, "report": report}
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
