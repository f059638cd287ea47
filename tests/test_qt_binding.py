"""The installed Qt binding does not leak references to None.

PySide6 6.12.0 dropped one reference to ``None`` on each call of a Qt method returning nothing
(``QPainter.setFont``, ``QFont.setBold``…). On CPython 3.11, where ``None`` can still be freed,
the application aborted with "Fatal Python error: none_dealloc" after a few hundred chart repaints
or about ninety printed records — an inspector would lose the window mid-sentence. pyproject.toml
excludes that release; this test fails if an installed binding has the fault again.
"""

from __future__ import annotations

import os
import subprocess
import sys

_PROBE = """
import sys
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QGuiApplication, QImage, QPainter

app = QGuiApplication([])
image = QImage(20, 20, QImage.Format.Format_ARGB32)
painter = QPainter(image)
font, point = QFont(), QPointF()
before = sys.getrefcount(None)
for _ in range(20_000):
    font.setBold(True)
    point.setX(1.0)
    painter.save()
    painter.setFont(font)
    painter.restore()
lost = before - sys.getrefcount(None)
painter.end()
print(lost)
"""


def test_qt_calls_do_not_leak_references_to_none() -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lost = int(result.stdout.strip().splitlines()[-1])
    assert lost < 100, f"{lost} references to None lost in 100,000 Qt calls"
