"""The reader's word lists: what frames a question, the trade's own words, measures,
materials, kinds of product, prices, and the small words that relate or qualify."""

from __future__ import annotations

from hard_e.text.search import tokenize

# Words that frame a question rather than say what it is about (as search terms).
_FRAMING = frozenset(
    tokenize(
        "tell say answer respond handle know need want customer customers homeowner "
        "homeowners client clients ask asks asked question explain much many get got use "
        "give make kind type sort please thing anyone someone somebody people wants "
        "hard-e hey guy guys folks us our we come comes came go goes went put puts happen "
        "happens exactly actually really best good better right way far long much take "
        "takes work works look looks mean means sure possible available ever every also "
        "need needs now what's whats there here one's anything something doing done use "
        "say says said think thinks told tell them they she he her his inch inches in ft "
        "feet foot lb lbs pound pounds degrees ok okay just like gonna going still "
        "lot lots wanna thing stuff quick longer shorter bigger smaller more less spec "
        "specify fast quickly soon often usually normally typically generally theyll youll "
        "itll thats theres whats hows own um uh er dont don't instead "
        "thx thnx thanks pls plz btw fyi hi hello lol idk imo tbh approx esp tmrw "
        "yall whatcha prolly cuz bc cus aint youre theyre doesnt isnt wasnt werent hasnt "
        "havent didnt shouldnt wouldnt couldnt okey alrighty supposed already never "
        "roughly approximately ballpark"
    )
)


TRADE_WORDS = frozenset(
    tokenize(
        "job jobs crew crews deposit discount financing permit dumpster referral contract "
        "travel charge fee tear-off leak downspout downspouts hanger hangers guard guards "
        "coil tarp tarping storm adjuster inspection inspections claim claims insurance "
        "door doors sill jamb threshold hinge hinges sidelite sidelites transom storm screen "
        "closer deadbolt lockset weatherstrip deck decking railing porch shutter shutters "
        "stucco brick masonry chimney skylight vent vents insulation sheathing header "
        "siding roof roofing shingle shingles window windows vinyl fiber cement plank lap "
        "panel trim soffit fascia gutter gutters flashing caulk housewrap wrap nail nails "
        "fastener exposure reveal warranty warranties colour color colours colors texture "
        "install installation installer underlayment ice water shield drip edge starter "
        "ridge vent attic glass glazing u-factor shgc low-e frame sash casement double-hung "
        "hail wind fire rating objection objections price cheaper quote quotes expensive "
        "door doors insulation r-value sheathing j-channel corner primer paint stain cure"
    )
)


# What a figure says, not a word the answer must repeat ("what *size* frieze board":
# "5/4 x 7.25 in"); and the everyday "normal", "usual" of "the normal lead time".
_MEASURE_WORDS = (
    "size sizes room space length width height depth thickness weight time distance "
    "amount number normal usual standard typical regular average current big large wide "
    "thick heavy tall high deep temperature inch ft lb degrees gap clearance spacing "
    # a bound a figure states with its rule ("Below 2:12: may not be installed")
    "minimum maximum lowest highest smallest largest least"
)


_MEASURES = frozenset(tokenize(_MEASURE_WORDS))


_EVERYDAY = frozenset(tokenize("normal usual standard typical regular average current"))


_MATERIALS = frozenset(
    tokenize(
        "fiber cement vinyl asphalt aluminium steel stainless wood cedar foam glass metal "
        "copper galvanized fiberglass composite plastic polypropylene rubber concrete"
    )
)
"""What a product is made of: a passage about it may leave it to the rest of its
document ("A 4 ft x 10 ft panel weighs 92 lb" under a fiber cement spec sheet)."""


_CATEGORIES = frozenset(
    tokenize(
        "shingle shingles siding window windows door doors gutter gutters soffit fascia "
        "trim roof roofing skylight skylights shutter shutters railing railings "
        "deck decking fence fencing"
    )
)
"""What kind of product a question is about: an answer about another kind ("the wind
rating on the *shingles*" answered from a siding sheet) is no answer."""


_PRICES = frozenset(tokenize("cost costs price prices charge fee rate"))
"""What a price asked about is called: a sentence stating a price says it ("rents
from the supplier for $150 per day" for "what does it cost to rent the seamer")."""


_RELATIONS = frozenset(tokenize("after before during between without within since until per"))
"""Words that relate what a question is about ("back out *after* they sign"): an answer
need not repeat them."""


_PARTICLES = frozenset(tokenize("out up down off in on over back away around through"))
