"""``hwocr.core.trust.locate``: the dotted-name lookup behind the trust check and the config check."""

from __future__ import annotations

import pytest

from hwocr.core.trust import locate


def test_locate_separates_missing_modules_from_broken_ones():
    assert locate("hwocr.core.trust.locate") is locate
    with pytest.raises(ModuleNotFoundError, match="'no_such_package'"):
        locate("no_such_package.thing")
    with pytest.raises(AttributeError, match="NoSuch"):
        locate("hwocr.core.trust.NoSuch")
