"""Recognising a tag that names a cuisine ("italian", "Middle Eastern", "cajun") and giving its
display name. Used for sources whose tags mix cuisine, course and diet (the Markdown recipes);
schema.org pages say which terms are cuisines themselves (``recipeCuisine``).
"""

from __future__ import annotations

from typing import Final

_ONE_WORD_CUISINES: Final = """
    african american argentinian armenian asian australian austrian baltic basque bavarian
    belgian brazilian british cajun cambodian canadian caribbean chilean chinese colombian creole
    cuban czech danish dominican dutch egyptian english ethiopian filipino finnish french galician
    georgian german greek hawaiian hungarian icelandic indian indonesian iranian irish israeli
    italian jamaican japanese jewish korean latvian lebanese lithuanian malaysian maltese
    mediterranean mexican moroccan nepalese nigerian nordic norwegian pakistani palestinian persian
    peruvian polish portuguese quebec romanian russian scandinavian scottish serbian sicilian
    singaporean slovak southern spanish swedish swiss syrian taiwanese tex-mex thai tibetan
    tunisian turkish ukrainian uzbek venezuelan vietnamese welsh yucatecan
"""
_CUISINES: Final = frozenset(_ONE_WORD_CUISINES.split()) | {
    "middle eastern",
    "north african",
    "south african",
    "latin american",
    "pennsylvania dutch",
}


def cuisine_name(tag: str) -> str | None:
    """The cuisine a tag names, title-cased ("middle eastern" -> "Middle Eastern"), or ``None``.

    Example:
        >>> cuisine_name("italian"), cuisine_name("pasta")
        ('Italian', None)
    """
    key = " ".join(tag.lower().split())
    return key.title() if key in _CUISINES else None
