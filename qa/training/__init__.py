"""Offline tools for the span reader: training data, training, calibration, weight soups, evaluation and speed.

The runtime (:mod:`qa.assistant`, :mod:`qa.reader`, the chat page) never imports this package; each tool is a
``tanya`` subcommand (``tanya train-reader``, ``tanya calibrate-reader``, ``tanya soup-reader``,
``tanya bench-reader``, ``tanya eval reader``). The reading-comprehension files come from ``--data-dir`` or
``$TANYA_DATA_DIR``.
"""
