"""The cue lexicon: which words introduce an attribution, in which frames, with which stance.

Written from the linguistics of reporting (communication, cognition, evidence and intention
predicates), not counted from any corpus. Each entry says which complement *frames* license the
word as a cue; a verb seen without one of its frames is not a cue ("he added salt", "the said
agreement").

Frames:
    ``that``   a finite clausal complement ("said (that) ...", "denied it had ...")
    ``to``     an infinitival complement ("vowed to ...", "declined to comment")
    ``obj``    a noun-phrase object is the content ("denied the report", "announced a plan")
    ``quote``  a direct quotation next to the cue ('"...," he said'; 'he said: "..."')
    ``paren``  the cue stands as a parenthetical to its content ("..., he said.")
    ``wh``     an embedded question ("asked whether ...", "explained how ...")
    ``figure`` an object put at a figure ("put the death toll at 41", "puts the cost at $2 billion")
    ``of`` / ``about`` / ``for`` / ``on`` / ``against`` / ``to-pp``  a prepositional content
"""

from __future__ import annotations

from dataclasses import dataclass

from workers.extraction.types import Stance


@dataclass(frozen=True)
class CueSpec:
    """How one cue lemma behaves: its class, default stance, and licensing frames."""

    lemma: str
    cls: str
    stance: Stance
    frames: frozenset[str]
    weight: float = 0.8  # prior confidence that the word is a reporting cue in its frame


_SPEECH = frozenset({"that", "quote", "paren", "wh"})
_SPEECH_OBJ = _SPEECH | {"obj"}


def _entries(cls: str, stance: Stance, frames: frozenset[str], words: str, weight: float) -> list[CueSpec]:
    """One ``CueSpec`` per word of a space-separated list, all sharing class, stance and frames."""
    return [CueSpec(w, cls, stance, frames, weight) for w in words.split()]


# Verbs of directing speech: "told his aides to ...", "urged Congress to ...".
_DIRECTIVE_FRAMES = frozenset({"that", "quote", "paren", "wh", "objto"})

# Communication verbs that report speech or writing.
_COMMUNICATION = (
    _entries("communication", "assertion", _DIRECTIVE_FRAMES, "tell advise instruct order remind", 0.85)
    + _entries("communication", "assertion", _DIRECTIVE_FRAMES | {"to"}, "urge encourage implore", 0.75)
    + _entries("communication", "assertion", _DIRECTIVE_FRAMES | {"to"}, "agree", 0.6)
    + _entries("communication", "assertion", _SPEECH,
             "say tell add state declare explain note remark comment reply respond answer repeat "
             "reiterate stress emphasize emphasise mention observe continue conclude recall testify "
             "quip joke shout yell exclaim whisper tweet post blog email text write argue assert "
             "maintain contend suggest hint imply indicate concede confess disclose "
             "caution boast brag complain lament explain predict forecast speculate theorize "
             "posit surmise muse insist counter retort advise inform assure notify remind brief "
             "tout proclaim signal reason elaborate clarify specify underline underscore",
             0.85)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "obj", "wh"}),
               "report reveal confirm announce acknowledge admit describe detail outline "
               "cite mention",
               0.7)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "wh", "to"}),
               "promise pledge vow threaten guarantee swear",
               0.75)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "wh", "obj", "about"}),
               "ask question wonder inquire",
               0.45)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "to"}),
               "urge demand",
               0.7)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "to"}),
               "claim allege",
               0.85)
    + _entries("communication", "accusation", frozenset({"that", "quote", "paren", "obj", "of"}),
               "accuse charge",
               0.8)
    + _entries("communication", "accusation", frozenset({"that", "quote", "paren", "obj", "for"}),
               "blame criticize criticise condemn denounce slam blast fault",
               0.6)
    + _entries("communication", "denial", frozenset({"that", "quote", "paren", "obj"}),
               "deny reject refute dispute dismiss rebut contradict disavow",
               0.8)
    + _entries("communication", "estimate", frozenset({"that", "quote", "paren", "obj"}),
               "estimate calculate reckon project",
               0.75)
    + _entries("communication", "estimate", frozenset({"figure"}), "put", 0.6)
    + _entries("communication", "assertion", frozenset({"obj", "that"}),
               "praise endorse welcome applaud hail",
               0.5)
    + _entries("communication", "assertion", frozenset({"obj", "that"}), "defend", 0.35)
    + _entries("communication", "assertion", frozenset({"that", "paren", "quote"}),
               "agree disagree",
               0.6)
    + _entries("communication", "assertion", frozenset({"obj"}),
               "portray characterize characterise depict label brand dub", 0.6)
    + _entries("cognition", "assertion", frozenset({"as"}), "see view regard", 0.5)
    + _entries("communication", "no_comment", frozenset({"to"}), "decline refuse", 0.75)
    # manner-of-speaking verbs: they report what was said only next to a quotation or clause
    + _entries("communication", "assertion", _SPEECH,
               "chant mutter murmur mumble grumble sigh snap cry scream gush rave rant holler "
               "stammer stutter plead concur reaffirm affirm attest aver opine interject", 0.75)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "obj", "to"}),
               "propose recommend advocate request", 0.65)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "obj"}),
               "decry deplore bemoan bewail highlight summarize summarise acknowledge", 0.65)
    + _entries("communication", "accusation", frozenset({"quote", "paren", "obj", "for"}),
               "mock ridicule deride lambaste berate scold chastise rebuke castigate excoriate "
               "lampoon disparage belittle", 0.55)
    + _entries("communication", "assertion", frozenset({"quote", "paren", "at"}), "scoff sneer", 0.6)
    + _entries("communication", "assertion", frozenset({"obj", "wh", "quote", "paren"}),
               "discuss debate", 0.5)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "obj"}),
               "echo recite recount relay convey articulate paraphrase", 0.6)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "for"}),
               "apologize apologise", 0.6)
    + _entries("communication", "accusation", frozenset({"obj", "for", "quote", "paren"}),
               "attack challenge", 0.45)
    + _entries("communication", "assertion", frozenset({"obj", "for", "on", "quote", "paren"}),
               "thank congratulate", 0.5)
    + _entries("communication", "assertion", frozenset({"that", "quote", "paren", "to"}),
               "object protest", 0.55)
)

# Cognition verbs: beliefs and knowledge held by the source.
_COGNITION = _entries(
    "cognition", "assertion", frozenset({"that", "paren", "wh"}),
    "think believe feel know expect hope fear worry doubt suspect assume guess consider "
    "understand realize realise recognize recognise imagine conclude decide suppose figure "
    "sense trust bet anticipate",
    0.35,
)

# Evidence verbs: documents, polls and studies as sources.
_EVIDENCE = _entries(
    "evidence", "assertion", frozenset({"that", "obj", "paren", "wh"}),
    "show demonstrate prove document",
    0.6,
) + _entries(
    "evidence", "assertion", frozenset({"that", "paren"}),
    "find",
    0.6,
) + _entries(
    "evidence", "assertion", frozenset({"that", "wh"}),
    "learn discover hear determine establish",
    0.5,
)

# Intention verbs: plans and wishes attributed to the source (reported, like beliefs with a clause).
_INTENTION = _entries(
    "intention", "assertion", frozenset({"to", "obj"}),
    "want plan intend seek aim wish",
    0.45,
) + _entries(
    "intention", "assertion", frozenset({"obj"}),
    "support oppose favor favour back",
    0.45,
)

# Claims below this confidence are kept in the API results but left out of PolNeAR-style output:
# bare private states ("..., I think") and claims whose source could not be found.
REPORT_THRESHOLD = 0.4

VERB_CUES: dict[str, CueSpec] = {}
for _spec in _COMMUNICATION + _COGNITION + _EVIDENCE + _INTENTION:
    VERB_CUES.setdefault(_spec.lemma, _spec)

# Phrasal and prepositional cues: verb lemma + particle or preposition.
PHRASAL_CUES: dict[tuple[str, str], CueSpec] = {
    ("point", "out"): CueSpec("point out", "communication", "assertion", _SPEECH, 0.85),
    ("call", "for"): CueSpec("call for", "communication", "assertion", frozenset({"for"}), 0.8),
    ("call", "on"): CueSpec("call on", "communication", "assertion", frozenset({"on"}), 0.3),
    ("warn", "of"): CueSpec("warn of", "communication", "assertion", frozenset({"of"}), 0.8),
    ("warn", "about"): CueSpec("warn about", "communication", "assertion", frozenset({"about"}), 0.8),
    ("insist", "on"): CueSpec("insist on", "communication", "assertion", frozenset({"on"}), 0.7),
    ("push", "for"): CueSpec("push for", "intention", "assertion", frozenset({"for"}), 0.5),
    ("refer", "to"): CueSpec("refer to", "communication", "assertion", frozenset({"to"}), 0.6),
    ("point", "to"): CueSpec("point to", "communication", "assertion", frozenset({"to"}), 0.6),
    ("speak", "of"): CueSpec("speak of", "communication", "assertion", frozenset({"of"}), 0.55),
    ("speak", "about"): CueSpec("speak about", "communication", "assertion", frozenset({"about"}), 0.5),
    ("talk", "about"): CueSpec("talk about", "communication", "assertion", frozenset({"about"}), 0.5),
    ("complain", "about"): CueSpec("complain about", "communication", "assertion",
                                   frozenset({"about"}), 0.6),
    ("write", "in"): CueSpec("write", "communication", "assertion", _SPEECH, 0.8),
    ("shoot", "back"): CueSpec("shoot back", "communication", "assertion", _SPEECH, 0.8),
    ("hit", "back"): CueSpec("hit back", "communication", "assertion", _SPEECH | {"at"}, 0.6),
    ("fire", "back"): CueSpec("fire back", "communication", "assertion", _SPEECH | {"at"}, 0.7),
    ("chime", "in"): CueSpec("chime in", "communication", "assertion", _SPEECH, 0.75),
    ("weigh", "in"): CueSpec("weigh in", "communication", "assertion", _SPEECH | {"on"}, 0.6),
    ("speak", "out"): CueSpec("speak out", "communication", "assertion",
                              frozenset({"against", "about", "on"}), 0.6),
    ("lash", "out"): CueSpec("lash out", "communication", "accusation", frozenset({"at", "against"}), 0.6),
    ("rail", "against"): CueSpec("rail against", "communication", "accusation", frozenset({"against"}), 0.6),
    ("argue", "for"): CueSpec("argue for", "communication", "assertion", frozenset({"for"}), 0.6),
    ("argue", "against"): CueSpec("argue against", "communication", "assertion", frozenset({"against"}), 0.6),
    ("vote", "for"): CueSpec("vote for", "intention", "assertion", frozenset({"for"}), 0.45),
    ("vote", "against"): CueSpec("vote against", "intention", "assertion", frozenset({"against"}), 0.45),
    ("ask", "for"): CueSpec("ask for", "communication", "assertion", frozenset({"for"}), 0.5),
    ("appeal", "for"): CueSpec("appeal for", "communication", "assertion", frozenset({"for"}), 0.6),
    ("plead", "for"): CueSpec("plead for", "communication", "assertion", frozenset({"for"}), 0.6),
}

# "warn" alone takes a that-clause or quotation.
VERB_CUES["warn"] = CueSpec("warn", "communication", "assertion", _SPEECH, 0.85)
VERB_CUES["insist"] = CueSpec("insist", "communication", "assertion", _SPEECH, 0.85)
# Verbs of saying whose object can be what was said ("noted the attacks", "stressed the need").
for _lemma in ("note", "mention", "stress", "emphasize", "emphasise", "underline", "underscore",
               "reiterate", "repeat", "tout"):
    VERB_CUES[_lemma] = CueSpec(_lemma, "communication", "assertion", _SPEECH_OBJ, 0.85)
VERB_CUES["call"] = CueSpec("call", "communication", "assertion", frozenset({"quote", "paren", "oprd"}), 0.6)

# Light-verb cues: a verb of saying or showing whose object noun carries the meaning
# ("made clear that", "expressed confidence that", "raised concerns about", "made no secret of").
LIGHT_VERBS = frozenset({"make", "express", "voice", "raise", "offer", "issue", "give", "sound", "register"})
LIGHT_NOUNS = frozenset({
    "case", "point", "argument", "claim", "promise", "pledge", "statement", "comment", "remark",
    "prediction", "announcement", "accusation", "allegation", "concern", "hope", "doubt", "fear",
    "confidence", "optimism", "skepticism", "support", "opposition", "frustration", "secret",
    "clear", "warning", "assurance", "suggestion", "vow", "commitment", "threat", "alarm",
    "objection", "disappointment", "dismay", "outrage", "regret", "surprise", "sympathy",
})
LIGHT_SPEC = CueSpec("make a case", "communication", "assertion", frozenset({"that", "of", "about"}), 0.7)

# Nouns that head an attributed proposition ("the claim that ...", "allegations that ...").
NOUN_CUES: dict[str, CueSpec] = {
    spec.lemma: spec
    for spec in (
        _entries("communication", "assertion", frozenset({"that"}),
                 "claim statement assertion suggestion argument remark comment announcement "
                 "promise pledge vow assurance insistence admission acknowledgement "
                 "acknowledgment report reports rumor rumour speculation word news message "
                 "prediction warning threat view belief opinion fear hope concern "
                 "conclusion finding idea notion impression sense theory confidence consensus "
                 "assessment determination", 0.55)
        + _entries("communication", "accusation", frozenset({"that"}),
                   "allegation accusation charge complaint", 0.7)
        + _entries("communication", "denial", frozenset({"that"}), "denial rejection", 0.7)
        + _entries("communication", "estimate", frozenset({"that"}), "estimate projection", 0.6)
    )
}

# Multiword prepositional cues introducing a source: "according to X".
PREP_SOURCE_CUES: dict[tuple[str, ...], CueSpec] = {
    ("according", "to"): CueSpec("according to", "evidence", "assertion", frozenset({"paren"}), 0.9),
}

# Words that turn a proposition into a denial when the speaker applies them to it.
DENIAL_MARKERS = frozenset({
    "misinformation", "disinformation", "lie", "lies", "false", "untrue", "baseless", "groundless",
    "fabrication", "fabricated", "fake", "nonsense", "unfounded", "absurd", "ridiculous", "hoax",
    "propaganda", "provocation", "slander", "invented", "invention", "sham", "bogus", "phony",
    "phoney", "fiction", "fictitious", "concocted", "made-up", "trumped-up", "falsehood",
    "falsehoods", "libel", "libelous", "defamatory", "smear", "inaccurate", "incorrect",
    "unsubstantiated", "debunked", "rubbish", "garbage", "nonexistent", "non-existent",
})
# Phrases that say a proposition is false ("not true", "never happened", "no truth to it").
DENIAL_PHRASES = (
    "not true", "never happened", "did not happen", "didn't happen", "no truth", "not the case",
    "no basis", "not accurate", "not correct", "without foundation", "without merit",
    "no merit", "nothing wrong", "no wrongdoing", "nothing to do with", "no evidence", "no proof",
    "in no way", "not in any way", "no such thing", "never did", "never said", "not so",
    "conspiracy theor", "made up", "out of thin air", "not factual", "nothing but",
    # what the other side says is overstated or twisted, not what happened
    "exaggerat", "overstat", "overblown", "blown out of proportion", "mischaracteri",
    "misrepresent", "make it out to be", "made it out to be", "out of context",
)
# Words by which a source doubts or waves away what others hold ("skeptical of the finding").
DOUBT_WORDS = frozenset({"skeptical", "sceptical", "doubtful", "unconvinced", "dubious", "unproven"})
# Predicates a denial negates about a charge or a deed: "the timing was not intentional",
# "he was not involved", "the two were not connected".
DENIED_PREDICATES = frozenset({
    "intentional", "deliberate", "planned", "true", "accurate", "correct", "real", "genuine",
    "involved", "responsible", "guilty", "aware", "connected", "linked", "related", "tied",
    "coordinated", "political", "motivated", "illegal", "unlawful", "improper", "wrong", "fair",
    "racist", "sexist", "corrupt", "there", "present", "behind", "right", "factual",
})
# Lemmas of acts of wrongdoing: a content that says someone did one of these accuses them
# ("Doe lied to the court", "the army shelled the town"); negated, it clears them.
WRONGDOING_VERBS = frozenset({
    "lie", "cheat", "steal", "rob", "defraud", "embezzle", "bribe", "launder", "extort", "blackmail",
    "rape", "assault", "grope", "molest", "harass", "abuse", "mistreat", "torture", "stalk",
    "kill", "murder", "massacre", "slaughter", "kidnap", "abduct", "loot", "persecute", "oppress",
    "attack", "shell", "bomb", "raid", "invade", "hack", "leak", "spy", "wiretap", "fabricate",
    "falsify", "forge", "rig", "collude", "conspire", "conceal", "hide", "mislead", "deceive",
    "smear", "slander", "defame", "insult", "demean", "threaten", "intimidate", "bully",
    "discriminate", "exploit", "mishandle", "mismanage", "violate", "breach", "obstruct",
    "sabotage", "betray", "interfere", "meddle", "incite", "plagiarize", "plagiarise", "evade",
    "dodge", "worsen", "escalate", "undermine", "destroy", "fondle", "ogle",
    "overstep", "overreach", "scapegoat", "gerrymander", "manipulate", "coerce", "retaliate",
    "swindle", "dupe", "misappropriate", "squander", "sexualize", "objectify",
})
# Verbs that name wrongdoing only with their particle ("covered up").
WRONGDOING_PHRASALS = frozenset({("cover", "up"), ("make", "up"), ("lock", "up"), ("beat", "up")})
# Duties whose neglect is a charge: "has not paid taxes", "failed to disclose the loans",
# "refuses to take responsibility". Verb lemma -> object words it needs (empty: any object).
DUTY_VERBS: dict[str, frozenset[str]] = {
    "pay": frozenset({"tax", "taxes", "his", "her", "their", "its", "share", "dime", "penny", "anything",
                      "nothing", "wages", "workers", "contractors", "rent", "debts", "bills", "fine"}),
    "disclose": frozenset(), "declare": frozenset(), "report": frozenset({"income", "gifts", "loans",
                                                                          "payments", "assets"}),
    "release": frozenset({"returns", "records", "documents", "emails", "files", "report", "video",
                          "footage", "tapes", "transcripts", "results"}),
    "reveal": frozenset({"sources", "donors", "funding", "finances"}),
    "comply": frozenset(), "cooperate": frozenset(), "apologize": frozenset(), "apologise": frozenset(),
    "take": frozenset({"responsibility", "blame", "action"}),
    "accept": frozenset({"responsibility", "blame", "results", "result"}),
    "protect": frozenset(), "warn": frozenset(), "investigate": frozenset(), "prevent": frozenset(),
}
# Verbs that leave a duty undone when they govern it ("refused to pay", "failed to disclose").
NEGLECT_VERBS = frozenset({"refuse", "fail", "neglect", "decline", "avoid", "omit"})
# Verbs that pin a trouble on the one who began it ("started the feud", "fuelled the unrest").
CAUSE_VERBS = frozenset({
    "start", "cause", "create", "fuel", "spark", "instigate", "ignite", "provoke", "trigger",
    "stoke", "foment", "inflame", "orchestrate", "engineer", "spread", "peddle", "invent", "concoct",
    "whip", "stir", "begin", "manufacture",
})
# Troubles a cause verb can pin on someone.
TROUBLE_NOUNS = frozenset({
    "controversy", "crisis", "war", "conflict", "mess", "chaos", "violence", "unrest", "riot",
    "scandal", "feud", "row", "dispute", "problem", "trouble", "tension", "tensions",
    "hatred", "hate", "fear", "panic", "rumor", "rumour", "rumors", "rumours", "lie", "lies", "myth",
    "falsehood", "smear", "hoax", "silliness", "nonsense", "conspiracy", "division", "divisions",
    "bloodshed", "escalation", "disaster", "misinformation", "disinformation", "propaganda",
})
# Nouns naming such acts ("their crimes", "the cover-up", "Russia was behind the hacks").
WRONGDOING_NOUNS = frozenset({
    "crime", "fraud", "corruption", "cover-up", "coverup", "lie", "assault", "harassment", "rape",
    "abuse", "hack", "hacking", "leak", "attack", "shelling", "bombing", "bombardment", "strike",
    "violation", "misconduct", "wrongdoing", "bribery", "bribe", "theft", "cheating", "collusion",
    "conspiracy", "atrocity", "massacre", "aggression", "interference", "meddling",
    "mismanagement", "mishandling", "negligence", "malfeasance", "torture", "terrorism", "racism",
    "sexism", "discrimination", "embezzlement", "extortion", "obstruction", "murder", "killing",
    "invasion", "occupation", "provocation", "scam", "deception", "groping", "molestation",
    "persecution", "intimidation", "incitement", "sabotage", "espionage", "plagiarism",
})
# Words that call the one they describe a wrongdoer ("Doe is corrupt", "a liar").
WRONGDOER_WORDS = frozenset({
    "corrupt", "crooked", "dishonest", "criminal", "fraudulent", "illegal", "unlawful", "racist",
    "sexist", "guilty", "complicit", "culpable", "liar", "fraud", "crook", "thief", "cheat",
    "murderer", "rapist", "predator", "abuser", "terrorist", "traitor", "aggressor", "war criminal",
    "bigot", "misogynist", "hypocrite",
})
# Nouns naming an accusation itself: "denied the charge" clears the speaker.
CHARGE_NOUNS = frozenset({
    "charge", "accusation", "allegation", "claim", "report", "wrongdoing", "involvement",
    "responsibility", "role", "suggestion", "assertion", "rumor", "rumour", "story",
})

# Phrases that mark the absence of comment.
NO_COMMENT_PATTERNS = (
    "not immediately available for comment",
    "not available for comment",
    "declined to comment",
    "refused to comment",
    "did not respond to",
    "did not immediately respond",
    "could not be reached",
    "no comment",
    "did not return",
    "declined to elaborate",
    "declined to say",
    "cannot comment",
    "can't comment",
    "could not comment",
    "would not comment",
    "would not say",
    "did not respond",
    "did not reply",
    "no immediate comment",
)

# Estimation markers inside the content.
ESTIMATE_MARKERS = frozenset({
    "estimate", "estimated", "estimates", "about", "around", "approximately", "roughly", "nearly",
    "some", "up to", "at least", "more than", "over", "almost", "believed",
})

# Heads of anonymous or unnamed sources ("a source", "two independent observers").
ANONYMOUS_HEADS = frozenset({
    "source", "sources", "official", "officials", "observer", "observers", "witness", "witnesses",
    "diplomat", "diplomats", "person", "people", "insider", "insiders", "aide", "aides", "resident",
    "residents", "analyst", "analysts", "expert", "experts", "critic", "critics", "someone",
})

# Words whose presence marks a head as a group with a job rather than a named person.
GOVERNMENT_WORDS = frozenset({
    "ministry", "ministries", "government", "minister", "president", "prime", "kremlin",
    "spokesman", "spokeswoman", "spokesperson", "office", "department", "secretary", "embassy",
    "parliament", "senator", "governor", "mayor", "administration", "cabinet", "white",
    "state", "congress", "senate", "lawmaker", "lawmakers", "authorities", "official", "officials",
})
MILITARY_WORDS = frozenset({"army", "military", "forces", "troops", "commander", "general", "defence",
                            "defense", "navy", "pentagon"})
MEDIA_WORDS = frozenset({"news", "times", "post", "reuters", "agency", "newspaper", "television", "tv",
                         "journal", "magazine", "press", "broadcaster", "cnn", "bbc", "tass", "ria"})
ORG_WORDS = frozenset({"company", "group", "organisation", "organization", "committee", "union",
                       "party", "campaign", "association", "council", "institute", "foundation",
                       "service", "bank", "corporation", "commission", "poll", "survey", "report",
                       "study", "center", "centre"})

# Publisher notes: "Reuters could not independently verify ...".
VERIFY_LEMMAS = frozenset({"verify", "confirm", "corroborate", "authenticate"})

# Names of countries and a few other well-known territories and cities (lower case): a proper
# noun among these names a place, never a person.
PLACE_NAMES = frozenset({
    "afghanistan", "albania", "algeria", "andorra", "angola", "argentina", "armenia", "australia",
    "austria", "azerbaijan", "bahamas", "bahrain", "bangladesh", "barbados", "belarus", "belgium",
    "belize", "benin", "bhutan", "bolivia", "bosnia", "botswana", "brazil", "brunei", "bulgaria",
    "burkina", "burundi", "cambodia", "cameroon", "canada", "chad", "chile", "china", "colombia",
    "comoros", "congo", "croatia", "cuba", "cyprus", "czechia", "denmark", "djibouti", "dominica",
    "ecuador", "egypt", "eritrea", "estonia", "eswatini", "ethiopia", "fiji", "finland", "france",
    "gabon", "gambia", "georgia", "germany", "ghana", "greece", "grenada", "guatemala", "guinea",
    "guyana", "haiti", "honduras", "hungary", "iceland", "india", "indonesia", "iran", "iraq",
    "ireland", "israel", "italy", "jamaica", "japan", "jordan", "kazakhstan", "kenya", "kiribati",
    "korea", "kosovo", "kuwait", "kyrgyzstan", "laos", "latvia", "lebanon", "lesotho", "liberia",
    "libya", "liechtenstein", "lithuania", "luxembourg", "madagascar", "malawi", "malaysia",
    "maldives", "mali", "malta", "mauritania", "mauritius", "mexico", "micronesia", "moldova",
    "monaco", "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "namibia", "nauru",
    "nepal", "netherlands", "nicaragua", "niger", "nigeria", "norway", "oman", "pakistan", "palau",
    "palestine", "panama", "paraguay", "peru", "philippines", "poland", "portugal", "qatar",
    "romania", "russia", "rwanda", "samoa", "senegal", "serbia", "seychelles", "singapore",
    "slovakia", "slovenia", "somalia", "spain", "sudan", "suriname", "sweden", "switzerland",
    "syria", "taiwan", "tajikistan", "tanzania", "thailand", "togo", "tonga", "tunisia", "turkey",
    "turkmenistan", "tuvalu", "uganda", "ukraine", "uruguay", "uzbekistan", "vanuatu", "vatican",
    "venezuela", "vietnam", "yemen", "zambia", "zimbabwe", "britain", "england", "scotland",
    "wales", "america", "usa", "u.s", "uk", "u.k", "europe", "asia", "africa", "crimea",
    "gaza", "tibet", "kashmir", "karabakh", "chechnya", "donbas", "kurdistan", "catalonia",
    "washington", "moscow", "beijing", "london", "paris", "berlin", "brussels", "tokyo", "kyiv",
    "kiev", "tehran", "ankara", "baghdad", "damascus", "jerusalem", "cairo", "delhi", "yerevan",
    "baku", "tbilisi", "minsk", "warsaw", "rome", "madrid", "geneva", "vienna", "york", "california",
    "texas", "florida", "ohio", "iowa", "michigan", "pennsylvania", "virginia", "carolina",
    "arizona", "nevada", "wisconsin", "massachusetts", "illinois",
})
# Nouns that name a kind of place ("the town", "Tovuz district").
PLACE_NOUNS = frozenset({
    "town", "city", "village", "region", "province", "district", "county", "capital", "country",
    "state", "republic", "kingdom", "island", "islands", "valley", "border", "area", "territory",
    "oblast", "enclave", "street", "square", "river", "mountains", "peninsula", "coast",
})
# Titles before a personal name ("Mr Smith", "Gen. Ivanov").
PERSON_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "rev",
    "gen", "col", "maj", "capt", "lt", "sgt", "sen", "rep", "gov", "pres", "president", "minister",
    "premier", "ambassador", "senator", "governor", "mayor", "judge", "justice", "chancellor",
    "king", "queen", "prince", "princess", "pope", "bishop", "general", "colonel", "admiral",
    "secretary", "chairman", "chairwoman", "chief", "commissioner", "congressman", "congresswoman",
})
# Nouns for a single person in a role: "he"/"she" may stand for "the spokeswoman".
PERSON_NOUNS = frozenset({
    "man", "woman", "boy", "girl", "mother", "father", "son", "daughter", "wife", "husband",
    "spokesman", "spokeswoman", "spokesperson", "minister", "president", "premier", "chancellor",
    "ambassador", "senator", "governor", "mayor", "secretary", "envoy", "diplomat", "official",
    "commander", "general", "colonel", "officer", "soldier", "leader", "chairman", "chairwoman",
    "director", "chief", "head", "executive", "founder", "lawyer", "attorney", "judge", "doctor",
    "nurse", "professor", "researcher", "scientist", "analyst", "expert", "economist", "author",
    "writer", "journalist", "reporter", "editor", "witness", "resident", "driver", "farmer",
    "teacher", "student", "worker", "activist", "candidate", "lawmaker", "politician", "aide",
    "adviser", "advisor", "negotiator", "prosecutor", "investigator", "owner", "manager", "priest",
    "king", "queen", "prince", "princess", "pope", "congressman", "congresswoman", "citizen",
})
