"""The desktop entry and AppStream metadata are valid for Linux software centres."""

from __future__ import annotations

import importlib.util
import shutil
import struct
import subprocess
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"


def test_desktop_entry_is_valid() -> None:
    validate = shutil.which("desktop-file-validate")
    assert validate, (
        "desktop-file-validate is needed: Debian's desktop-file-utils (.ci/run installs it)"
    )
    result = subprocess.run(
        [validate, str(PACKAGING / "uk.gov.coventry.Inspect.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


def test_appstream_metadata_is_valid() -> None:
    validate = shutil.which("appstreamcli")
    assert validate, "appstreamcli is needed: Debian's appstream (.ci/run installs it)"
    result = subprocess.run(
        [validate, "validate", "--no-net", str(PACKAGING / "uk.gov.coventry.Inspect.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_versions_agree() -> None:
    from coventry_inspect import __version__

    assert (
        f'<release version="{__version__}"'
        in (PACKAGING / "uk.gov.coventry.Inspect.metainfo.xml").read_text()
    )


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ICONS = PACKAGING.parent / "resources" / "icons"
ICON_NAME = "uk.gov.coventry.Inspect"


def test_the_icon_is_named_alike_everywhere() -> None:
    desktop = (PACKAGING / f"{ICON_NAME}.desktop").read_text(encoding="utf-8")
    metainfo = (PACKAGING / f"{ICON_NAME}.metainfo.xml").read_text(encoding="utf-8")
    spec = (PACKAGING / "coventry-inspect.spec").read_text(encoding="utf-8")
    assert f"Icon={ICON_NAME}\n" in desktop
    assert f'<icon type="stock">{ICON_NAME}</icon>' in metainfo
    assert f'"{ICON_NAME}.ico"' in spec
    assert (ICONS / f"{ICON_NAME}.svg").is_file()


def test_the_pngs_are_the_svg_rendered(qapp: object) -> None:
    """Each PNG has its size and is what packaging/render_icons.py makes of the SVG now (an edited
    SVG without rerendered PNGs fails here)."""
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    from coventry_inspect.gui.icon import ICON_SIZES

    render_icons = _load(PACKAGING / "render_icons.py")  # packaging/ is no package (PyPI's is)
    assert render_icons.SIZES == ICON_SIZES
    renderer = QSvgRenderer(str(ICONS / f"{ICON_NAME}.svg"))
    assert renderer.isValid()
    for size in ICON_SIZES:
        png = QImage(str(ICONS / f"{ICON_NAME}-{size}.png"))
        assert (png.width(), png.height()) == (size, size)
        rendered = render_icons.render(renderer, size)
        assert (
            _largest_difference(png.convertToFormat(QImage.Format.Format_ARGB32), rendered) <= 2
        ), size


def _largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference in any channel of any pixel. Qt's rasteriser rounds a few
    anti-aliased edge pixels one step apart on different CPUs (its SIMD paths differ), so the
    PNGs rendered on one machine are not bit-for-bit what another renders; an edited SVG moves
    whole shapes and differs by far more."""
    assert (a.width(), a.height(), a.format()) == (b.width(), b.height(), b.format())
    first, second = bytes(a.constBits()), bytes(b.constBits())
    return max((abs(x - y) for x, y in zip(first, second, strict=True)), default=0)


def test_the_ico_holds_the_windows_sizes_as_png() -> None:
    data = (ICONS / f"{ICON_NAME}.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, _height, _colours, _zero, _planes, _bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
