"""Texts for the syndication tests: one wire story, the ways outlets republish it, and a
different story about the same event. Written for these tests (fictional events)."""

from __future__ import annotations

WIRE = [
    "GENEVA (Wire) - Negotiators from both sides of the river dispute agreed on Tuesday to "
    "reopen the northern dam for inspection, the mediator said, after three weeks in which "
    "water levels downstream fell to their lowest point in a decade.",
    "The agreement, reached after two days of talks in a hotel on the lake shore, allows a "
    "team of eight engineers to visit the dam on Friday and report within a month on whether "
    "the sluice gates were closed on purpose, as farmers in the south have said.",
    "\u201cThis is a first step, not a settlement,\u201d the mediator, Helena Brandt, told "
    "reporters. \u201cBoth delegations accepted that the facts have to come before the "
    "blame.\u201d",
    "The upstream water authority has denied closing the gates, saying a mechanical fault "
    "jammed two of them in the open position and that repairs were delayed by heavy rain. "
    "Its spokesman said on Monday that the accusations from the south were politically "
    "motivated and had no basis in the gauge records.",
    "Farmers' unions in the southern valley say at least 40,000 hectares of rice have been "
    "lost since the start of the month. The regional agriculture ministry put the figure at "
    "about 25,000 hectares and said it would publish its own survey next week.",
    "Diplomats said the talks had nearly collapsed on Monday evening when the southern "
    "delegation demanded that the inspectors be allowed to read the control room logs. A "
    "compromise gives them access to the logs for the past sixty days only.",
    "The dam, completed in 1987, supplies electricity to four cities and irrigation water to "
    "more than a million people. A previous dispute over its operation in 2009 was settled "
    "by a joint commission that has not met for six years.",
    "The inspectors' report will be sent to both governments and to the mediator, who said "
    "she hoped to bring the delegations back to Geneva before the end of the month to "
    "discuss a permanent schedule for releases during the dry season.",
]

LOCAL = (
    "In Riverton, where the town council declared a water emergency last week, the mayor "
    "said on Tuesday that wells would stay closed to private use until the inspectors report, "
    "and that school sports fields would not be watered for the rest of the season."
)

# The same event reported independently by another agency: same names, places and figures,
# different words.
OTHER_STORY = [
    "GENEVA (Agency) - Inspectors will be allowed into the disputed northern dam this week "
    "under a deal struck in Geneva on Tuesday, ending a standoff that has left southern rice "
    "farmers without irrigation for most of the month.",
    "Helena Brandt, who chaired the talks, described the deal as a beginning rather than a "
    "solution and said that establishing what happened at the sluices had to precede any "
    "discussion of responsibility.",
    "Southern officials accuse the upstream authority of shutting the gates deliberately to "
    "refill the reservoir before the dry season. The authority blames a jammed mechanism and "
    "flooding that held up engineers, and calls the charge political.",
    "Estimates of the damage vary widely: unions speak of 40,000 hectares of ruined paddy "
    "fields while the agriculture ministry's provisional figure is closer to 25,000.",
    "Under the compromise, eight engineers may consult sixty days of control room records. "
    "Their findings are due within a month, after which Brandt hopes to reconvene the two "
    "delegations to agree a release schedule.",
    "The 1987 dam powers four cities. A joint commission created after a similar quarrel in "
    "2009 has been dormant for six years.",
]


def story(paragraphs: list[str]) -> str:
    """Paragraphs joined as a body."""
    return "\n\n".join(paragraphs)


ORIGINAL = story(WIRE)
TRIMMED = story(WIRE[:6])  # the last two paragraphs cut for space
WITH_LOCAL = story([*WIRE[:4], LOCAL, *WIRE[4:]])  # a local paragraph added
TRIMMED_WITH_LOCAL = story([WIRE[0].replace("(Wire)", "(Wire/Local Desk)"), LOCAL, *WIRE[1:6]])
SAME_EVENT = story(OTHER_STORY)
