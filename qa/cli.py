"""The ``tanya`` command line: index, ask, serve, eval, bench, and the reader's offline tools.

Higher layers add commands through the ``tanya.commands`` entry-point group (the chat
page registers ``serve`` that way), so this module never imports them. The offline tools
(:mod:`qa.training`) parse their own options, so they are imported only when run.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import logging
import sys
from importlib.metadata import entry_points
from pathlib import Path

from corpus import ARCHIVE_ARTICLES, BUNDLED_ARTICLES
from embeddings import IndexConfig, IndexNotFoundError, IndexStoreError
from embeddings.index_store import INDEX_KINDS
from embeddings.engine import ENGINES
from qa.answer import Answer, ArticleRef
from qa.answer_check import CHECK_FILE
from qa.benchmark import BUNDLED_QUESTIONS
from qa.config import READERS, RETRIEVAL_MODES, Settings
from qa.questions import prepare_question
from qa.reader_kinds import load_span_reader
from qa.reading import ReadingBudget


def progress_bar(description: str, unit: str = "passage"):
    """A ``progress(done, total)`` callback drawing a tqdm bar on stderr, counting ``unit``."""
    from tqdm.auto import tqdm

    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=description, unit=unit, disable=total < 64)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def _print_figures(figures: dict, json_only: bool) -> None:
    """One ``key: value`` line per figure (unless ``json_only``), then the figures as one JSON line."""
    if not json_only:
        width = max(map(len, figures))
        for key, value in figures.items():
            print(f"{key:>{width}}: {value}")
    print(json.dumps(figures))


def add_engine_option(parser: argparse.ArgumentParser) -> None:
    """``--engine``: the inference engine of the encoder and the reader."""
    parser.add_argument("--engine", choices=ENGINES, default=None,
                        help="inference engine (default: $TANYA_ENGINE, else auto: int8 in OpenVINO for the encoder on "
                             "CPUs with VNNI/AMX, else ONNX Runtime)")


def add_retrieval_options(parser: argparse.ArgumentParser) -> None:
    """``--retrieval`` and ``--top-k``."""
    parser.add_argument("--retrieval", choices=RETRIEVAL_MODES, default=None,
                        help="retrieval method (default: $TANYA_RETRIEVAL, else hybrid = dense + BM25 by reciprocal rank)")
    parser.add_argument("--top-k", type=int, default=None,
                        help=f"passages retrieved and shown per question (default: $TANYA_TOP_K, else {Settings.top_k})")


def add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    """Options every command that answers questions shares."""
    parser.add_argument("--reader", choices=READERS, default=None,
                        help="answer reader (default: $TANYA_READER_KIND, else span)")
    add_retrieval_options(parser)
    parser.add_argument("--read-passages", type=int, default=None,
                        help=f"of those, passages the reader reads (default: {ReadingBudget.passages})")
    parser.add_argument("--read-words", type=int, default=None,
                        help=f"words read of each passage, 0 = whole passage (default: {ReadingBudget.words_per_passage})")
    parser.add_argument("--decline-below", type=float, default=None,
                        help="confidence (0-1) below which to decline (default: $TANYA_DECLINE_BELOW, else the fitted one)")
    add_engine_option(parser)


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """``--corpus PATH`` or ``--archive`` (the shipped news archive); ``args.corpus`` is the folder."""
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--corpus", type=Path, default=BUNDLED_ARTICLES,
                        help="folder of articles (default: the five bundled articles)")
    chosen.add_argument("--archive", dest="corpus", action="store_const", const=ARCHIVE_ARTICLES,
                        help="the shipped news archive: 3,463 IndoSum articles, 2016-2018 (first index: minutes)")


def add_pool_options(parser: argparse.ArgumentParser) -> None:
    """The data files of an open-domain pool (``tanya eval open`` and ``tanya eval budget``)."""
    parser.add_argument("files", type=Path, nargs="+", help="data files whose questions are asked")
    parser.add_argument("--distractors", type=Path, nargs="*", default=[], help="files whose contexts only compete")
    parser.add_argument("--unanswerable", type=Path, nargs="*", default=[],
                        help="files whose unanswerable questions are asked too (figure: declined)")


OPTIONS = {"engine": "engine", "reader": "reader_kind", "retrieval": "retrieval", "top_k": "top_k",
           "decline_below": "decline_below", "replicas": "replicas"}
"""Command-line option (``args`` attribute) -> the setting it sets; ``--read-passages``/``--read-words`` set
``budget``."""


def settings_of(args: argparse.Namespace) -> Settings:
    """The environment's settings (``Settings.from_env``) with the command line's options over them."""
    return configured(args)[0]


def configured(args: argparse.Namespace) -> tuple[Settings, dict[str, str]]:
    """:func:`settings_of`, and which environment variable or option set each setting that is not a default."""
    settings, set_by = Settings.from_env(), Settings.set_by_env()
    changes = {name: getattr(args, option) for option, name in OPTIONS.items()
               if getattr(args, option, None) is not None}
    passages, words = getattr(args, "read_passages", None), getattr(args, "read_words", None)
    if passages is not None or words is not None:
        budget = settings.budget
        changes["budget"] = ReadingBudget(passages if passages is not None else budget.passages,
                                          (words or None) if words is not None else budget.words_per_passage)
    options = {name: "--" + option.replace("_", "-") for option, name in OPTIONS.items()}
    set_by |= {name: options.get(name, "--read-passages/--read-words") for name in changes}
    return dataclasses.replace(settings, **changes), set_by


def _format_answer(answer: Answer) -> str:
    if not answer.found:
        lines = [f"Tidak ditemukan jawaban yang cukup yakin (skor {answer.score:.2f})."]
        lines += [f"  - mungkin relevan: [{e.article.document_id}] {e.passage[:160]}…" for e in answer.evidence[:3]]
        return "\n".join(lines)
    article = answer.article
    source = ", ".join(x for x in (article.title, article.publisher, article.date) if x)
    lines = [
        f"Jawaban: {answer.text}",
        *([f"Tanggal: {answer.date_meaning.phrase} → {answer.date_meaning.shown}"] if answer.date_meaning else []),
        f"Keyakinan: {answer.score:.2f}",
        f"Kalimat: {answer.sentence}",
        f"Sumber: {source} [{article.document_id}]",
        *([f"Tautan: {article.url}"] if article.url else []),
    ]
    lines += [f"  juga diberitakan oleh: {_cited(r.article)}" for r in answer.corroborated_by]
    lines += [f"  berbeda: {r.text} menurut {_cited(r.article)}" for r in answer.disputed_by]
    lines += [f"  jawaban lain: {alt.text} ({alt.score:.2f}, {alt.article.document_id})" for alt in answer.alternatives]
    return "\n".join(lines)


def _cited(article: ArticleRef) -> str:
    """"Penerbit [id]", the id in place of the publisher when that is unknown."""
    return f"{article.publisher or article.document_id} [{article.document_id}]"


def cmd_config(args: argparse.Namespace) -> int:
    """Print the settings the other commands would use, and what set each one that is not a default."""
    settings, set_by = configured(args)
    print(json.dumps({"settings": settings.to_dict(), "set_by": set_by}, ensure_ascii=False, indent=2))
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    if args.ray is not None:
        return _index_on_ray(args)
    from qa.assistant import Assistant

    assistant = Assistant.from_directory(args.path, settings_of(args), progress=progress_bar("Meng-encode"))
    print(f"{len(assistant.index.documents)} artikel, {len(assistant.index)} passage di {assistant.index_dir}")
    return 0


def _index_on_ray(args: argparse.Namespace) -> int:
    """``tanya index PATH --ray [ADDRESS]``: the same index, its passages cut and encoded on a Ray cluster."""
    try:
        from embeddings.distributed import ClusterConfig, RayEncoder
    except ImportError as error:
        raise ValueError(f"--ray needs the cluster extra: pip install 'tanya-berita[cluster]' ({error})") from error
    from corpus import load_directory
    from qa.assistant import index_dir_for, sync_index

    if not args.path.is_dir():
        raise NotADirectoryError(f"not a folder of articles: {args.path}")
    settings = settings_of(args)
    cluster = ClusterConfig(address=args.ray or None, workers=args.workers, threads_per_worker=args.threads)
    encoder = RayEncoder(settings.encoder_model(), settings.cache_dir, cluster)
    index_dir = index_dir_for(args.path, settings)
    try:
        index, _ = sync_index(index_dir, load_directory(args.path), encoder, settings,
                              progress_bar("Meng-encode", unit="artikel"), keep_uploaded=True)
    finally:
        encoder.close()
    print(f"{len(index.documents)} artikel, {len(index)} passage di {index_dir}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from qa.assistant import Assistant

    prepare_question(args.question)  # a bad question is refused before any model is loaded
    assistant = Assistant.from_directory(args.corpus, settings_of(args), progress=progress_bar("Meng-encode"))
    answer = assistant.ask(args.question)
    print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if args.json else _format_answer(answer))
    return 0


def cmd_eval_open(args: argparse.Namespace) -> int:
    from qa.evaluation import evaluate_open, open_assistant

    settings = settings_of(args)
    assistant, questions = open_assistant(args.files, args.distractors, args.unanswerable, settings,
                                          progress=progress_bar("Meng-encode"))
    assistant.warm_up()
    figures = evaluate_open(assistant, questions, on_question=None if args.json else _every_hundred,
                            read=not args.retrieval_only)
    _print_figures({"retrieval": settings.retrieval, "reader": None if args.retrieval_only else settings.reader_kind,
                    **figures}, args.json)
    return 0


def cmd_eval_budget(args: argparse.Namespace) -> int:
    from qa.evaluation import budget_curve, open_assistant

    assistant, questions = open_assistant(args.files, args.distractors, args.unanswerable, settings_of(args),
                                          progress=progress_bar("Meng-encode"))
    assistant.warm_up()
    rows = budget_curve(assistant, questions, args.budgets)
    for row in rows:
        print(json.dumps(row))
    return 0


def parse_budget(text: str) -> ReadingBudget:
    """``PASSAGES:WORDS`` (``WORDS`` 0: whole passages) as a :class:`ReadingBudget`."""
    try:
        passages, words = (int(part) for part in text.split(":"))
        return ReadingBudget(passages, words or None)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"budget must be PASSAGES:WORDS, e.g. 3:120 ({error})") from error


def cmd_eval_questions(args: argparse.Namespace) -> int:
    from qa.assistant import Assistant
    from qa.question_set import ask_questions, load_questions, score_answers

    questions = load_questions(args.file)
    assistant = Assistant.from_directory(args.corpus, settings_of(args), progress=progress_bar("Meng-encode"))
    assistant.warm_up()
    report = score_answers(questions, *ask_questions(assistant, questions))
    if args.misses:
        for miss in report.misses:
            print(f"- {miss.question}\n    diharapkan: {' | '.join(miss.expected) or '(tidak terjawab)'} "
                  f"[{', '.join(miss.expected_documents)}]\n    dijawab: {miss.given or '(menolak)'} "
                  f"[{miss.document_id}] skor {miss.score:.2f}")
    _print_figures({"file": str(args.file), "corpus": str(args.corpus), **report.rates()}, args.json)
    return 0


def cmd_eval_reader(args: argparse.Namespace) -> int:
    from qa.training.reader_eval import evaluate_reader

    _print_figures(evaluate_reader(args.file, load_span_reader(settings_of(args)), args.off_topic), args.json)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.scale is not None:
        return cmd_bench_scale(args)
    from qa.benchmark import benchmark

    settings = settings_of(args)
    figures = benchmark(args.corpus, args.questions, settings, top_k=settings.top_k, rounds=args.rounds,
                        passages=args.passages)
    _print_figures(figures, args.json)
    return 0


def cmd_bench_scale(args: argparse.Namespace) -> int:
    from qa.assistant import index_dir_for
    from qa.scale_bench import scale_benchmark

    if args.scale < 1:
        raise SystemExit("--scale needs a positive number of passages")
    try:
        figures = scale_benchmark(args.from_index or index_dir_for(ARCHIVE_ARTICLES, settings_of(args)),
                                  args.scale, IndexConfig(kind=args.kind))
    except IndexNotFoundError as error:
        raise SystemExit(f"{error}: run `tanya index --archive` first, or name an index with --from-index") from None
    _print_figures(figures, args.json)
    return 0


def cmd_fit_check(args: argparse.Namespace) -> int:
    from qa.evaluation import open_assistant
    from qa.training.check_fit import collect, fit_check, save_check, swapped_questions

    assistant, questions = open_assistant(args.files, args.distractors, args.unanswerable, settings_of(args),
                                          progress=progress_bar("Meng-encode"))
    assistant.warm_up()
    contexts = {document_id: document.text for document_id, document in assistant.index.documents.items()}
    asked = [*((("answerable" if q.answers else "unanswerable"), q) for q in questions),
             *(("swapped", q) for q in swapped_questions(questions, contexts))]
    check, report = fit_check(collect(assistant, asked, on_question=_every_hundred))
    save_check(check, report, args.output, "tanya " + " ".join(sys.argv[1:]))
    _print_figures({name: {k: v for k, v in report[name].items() if k != "reliability"}
                    for name in ("check", "reader_alone")}, json_only=False)
    return 0


def _every_hundred(done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        print(f"{done}/{total} pertanyaan", file=sys.stderr)


TOOLS = {
    "train-reader": ("qa.training.train", "train the span reader (resumable)"),
    "calibrate-reader": ("qa.training.calibrate", "fit a reader's temperature and abstention threshold"),
    "soup-reader": ("qa.training.soup", "average readers trained from one start (a weight soup)"),
    "bench-reader": ("qa.training.reader_bench", "the reader's milliseconds per 256-token window"),
    "build-archive": ("qa.training.build_archive", "rebuild the shipped news archive from IndoSum's files"),
    "common-words": ("qa.training.common_words", "list the words the archive writes in lower case (the names test)"),
}
"""Offline tools: command -> (module whose ``main(argv, prog)`` runs it, help line)."""


def cmd_tool(args: argparse.Namespace) -> int:
    """Run the offline tool ``args.command`` with the options after its name (``--help`` included)."""
    module, _ = TOOLS[args.command]
    return importlib.import_module(module).main(args.tool_args, prog=f"tanya {args.command}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``tanya`` (with commands registered by installed plug-ins)."""
    parser = argparse.ArgumentParser(prog="tanya", description="Tanya Berita: tanya-jawab berita berbahasa Indonesia")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="index a folder of articles (cached)")
    index.add_argument("path", type=Path)
    index.add_argument("--ray", nargs="?", const="", default=None, metavar="ADDRESS",
                       help="cut and encode on a Ray cluster (auto, ray://HOST:PORT or HOST:PORT; none: a local one "
                            "on 127.0.0.1). Needs the cluster extra")
    index.add_argument("--workers", type=int, default=2, help="with --ray: encoder actors (default: 2)")
    index.add_argument("--threads", type=int, default=1, help="with --ray: threads (and CPUs) per actor (default: 1)")
    add_engine_option(index)
    index.set_defaults(run=cmd_index)

    ask = commands.add_parser("ask", help="ask a question")
    ask.add_argument("question")
    add_corpus_options(ask)
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    add_pipeline_options(ask)
    ask.set_defaults(run=cmd_ask)

    evaluate = commands.add_parser("eval", help="evaluation").add_subparsers(dest="what", required=True)
    open_domain = evaluate.add_parser("open", help="retrieval + reader on a pool of contexts")
    add_pool_options(open_domain)
    open_domain.add_argument("--json", action="store_true", help="print only the JSON line")
    open_domain.add_argument("--retrieval-only", action="store_true", help="measure retrieval, skip the reader")
    add_pipeline_options(open_domain)
    open_domain.set_defaults(run=cmd_eval_open)
    budget = evaluate.add_parser("budget", help="F1, declined and tokens read per question for several reading budgets")
    add_pool_options(budget)
    budget.add_argument("--budgets", type=parse_budget, nargs="+", required=True,
                        help="PASSAGES:WORDS per budget (WORDS 0 = whole passages), e.g. 5:0 3:0 3:120")
    add_retrieval_options(budget)
    add_engine_option(budget)
    budget.set_defaults(run=cmd_eval_budget)
    questions = evaluate.add_parser("questions", help="a question file (peers' format) over a folder of articles")
    questions.add_argument("file", type=Path, help="question file, e.g. tests/data/dev_questions_archive.json")
    questions.add_argument("--corpus", type=Path, default=BUNDLED_ARTICLES,
                           help="folder of articles the questions are about (default: bundled)")
    questions.add_argument("--misses", action="store_true",
                           help="print each question answered wrongly: expected, given, article, score")
    questions.add_argument("--json", action="store_true", help="print only the JSON line (and the misses)")
    add_pipeline_options(questions)
    questions.set_defaults(run=cmd_eval_questions)
    reader = evaluate.add_parser("reader", help="the span reader alone on gold contexts")
    reader.add_argument("file", type=Path)
    reader.add_argument("--json", action="store_true", help="print only the JSON line")
    reader.add_argument("--off-topic", action="store_true",
                        help="read each answerable question over another question's context: how often it abstains")
    add_engine_option(reader)
    reader.set_defaults(run=cmd_eval_reader)

    bench = commands.add_parser("bench", help="indexing speed, time per question and F1: the engine against torch fp32")
    bench.add_argument("--corpus", type=Path, default=BUNDLED_ARTICLES, help="folder of articles (default: bundled)")
    bench.add_argument("--questions", type=Path, default=BUNDLED_QUESTIONS,
                       help="question file, peers' format (default: the bundled articles' questions)")
    bench.add_argument("--rounds", type=int, default=2, help="times each question is asked (default: 2)")
    bench.add_argument("--passages", type=int, default=96, help="passages encoded per pipeline (default: 96)")
    bench.add_argument("--top-k", type=int, default=None,
                       help=f"passages retrieved per question (default: $TANYA_TOP_K, else {Settings.top_k})")
    bench.add_argument("--read-passages", type=int, default=None, help="passages the shipped pipeline reads")
    bench.add_argument("--read-words", type=int, default=None, help="words it reads of each (0 = whole passage)")
    bench.add_argument("--json", action="store_true", help="print only the JSON line")
    bench.add_argument("--scale", type=int, default=None, metavar="N",
                       help="instead: build, save, load and search an index of N synthetic passages made from "
                            "the archive's index (README, \"Scale\")")
    bench.add_argument("--from-index", type=Path, default=None, metavar="DIR",
                       help="index whose passages --scale resamples (default: the archive's cached index)")
    bench.add_argument("--kind", choices=INDEX_KINDS, default="auto", help="FAISS index kind of --scale (default: auto)")
    add_engine_option(bench)
    bench.set_defaults(run=cmd_bench)

    fit = commands.add_parser("fit-check", help="fit the answer check (confidence and declining) on an open-domain pool")
    add_pool_options(fit)
    fit.add_argument("--output", type=Path, default=CHECK_FILE, help=f"where to write it (default: {CHECK_FILE})")
    add_engine_option(fit)
    fit.set_defaults(run=cmd_fit_check)

    config = commands.add_parser("config", help="print the settings (JSON) and which variable or option set each")
    add_pipeline_options(config)
    config.set_defaults(run=cmd_config)

    for name, (_, help_line) in TOOLS.items():
        commands.add_parser(name, help=help_line, add_help=False).set_defaults(run=cmd_tool, tool_args=[])

    for plugin in entry_points(group="tanya.commands"):
        try:
            register = plugin.load()
        except ImportError as error:  # a broken plug-in must not take the other commands down
            print(f"tanya: command {plugin.name!r} unavailable: {error}", file=sys.stderr)
            continue
        register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tanya`` console script."""
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if args.run is cmd_tool:
        args.tool_args = rest
    elif rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return args.run(args)
    except (ValueError, FileNotFoundError, NotADirectoryError, IndexStoreError) as error:
        print(f"tanya: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
