"""Which earlier mention a short one stands for: pronouns, descriptions, short names, "who".

In: the article's mentions in text order (``mentions.article_mentions``). Out: the same
mentions, each pronoun, relative pronoun, definite description and short name that could be
linked carrying the full mention it stands for (``text``) and where that stands (``target``).

- "he"/"she" take the nearest fitting person, looking back sentence by sentence and, within a
  sentence, at subjects before other mentions; a person named only inside a quotation does not
  stand for a pronoun outside it, and a gender the article shows ("Mrs.", "spokeswoman", an
  earlier "she") must agree.
- "who"/"which" take the noun phrase their clause hangs on.
- "the judge" takes an earlier name holding "judge"; "the Republican nominee" (a title such
  as "nominee" or "senator", not "the lawyer") takes the subject of the sentences just before.
- "Clinton", "Mrs. Clinton", "Secretary Clinton" take the full name the article gives.

Pure and idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from workers.extraction.lexicon import PERSON_TITLES
from workers.extraction.sources import ROLE_NOUNS, Mention, is_person_like

# Titles an article uses for a named person it has just spoken of ("the Republican nominee",
# "the senator"); other role nouns name someone else ("the spokeswoman", "the FBI director").
_EPITHETS = frozenset({
    "nominee", "candidate", "businessman", "businesswoman", "billionaire", "mogul", "tycoon",
    "lady", "contender", "challenger", "incumbent", "rival", "opponent", "president", "senator",
    "governor", "congressman", "congresswoman", "lawmaker", "politician", "mayor", "secretary",
    "leader", "chairman", "chairwoman", "minister", "premier", "chancellor",
})
# Words after which a name is the object of a phrase, not its head ("Democrats on Capitol Hill").
_PHRASE_LINKS = frozenset({"on", "in", "at", "of", "from", "for", "with", "to", "by", "near"})
_LOOK_BACK = 8  # sentences a pronoun looks back over
_TITLE_BACK = 2  # sentences a title looks back over


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _words(text: str) -> list[str]:
    return [w.strip(",.’'").lower() for w in text.replace("’s", "").replace("'s", "").split()]


def _bare_name(text: str) -> list[str]:
    """A mention's closing run of name words, after any title: "Mrs. Clinton" -> ["clinton"],
    "Finnish Prime Minister Aino Lahtinen" -> ["aino", "lahtinen"]; "the nominee" -> ["nominee"]."""
    words = [w.strip(",.’'") for w in text.replace("’s", "").replace("'s", "").split()]
    words = [w for w in words if w]
    name: list[str] = []
    for word in reversed(words):
        lower = word.lower()
        if name and (not word[:1].isupper() or lower in PERSON_TITLES or lower in ROLE_NOUNS):
            break
        name.insert(0, lower)
    return name


class _Linker:
    """Links mentions in text order, remembering the gender learned for each full mention."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = mentions
        self.names = [m for m in mentions if m.role == "name"]
        self.done: list[Mention] = []
        self.gender: dict[str, str] = {}

    def gender_of(self, m: Mention) -> str | None:
        return self.gender.get(_key(m.text)) or m.gender

    def learn(self, m: Mention) -> Mention:
        if m.gender and _key(m.text) not in self.gender:
            self.gender[_key(m.text)] = m.gender
        self.done.append(m)
        return m

    def same_gender(self, m: Mention, gender: str | None) -> bool:
        return gender is not None and self.gender_of(m) == gender

    def agrees(self, m: Mention, gender: str | None) -> bool:
        other = self.gender_of(m)
        return not (gender and other and gender != other)

    def person(self, m: Mention) -> bool:
        """A mention that may stand for a person: a name or description, or a linked pronoun."""
        if m.role in ("pronoun", "relative") and m.target is None:
            return False
        if m.role == "description":
            return True
        words = m.text.split()
        if len(words) >= 3 and words[-1][:1].isupper() and words[-2][:1].isupper() and any(
            w.lower() in ROLE_NOUNS for w in words[:-2]
        ):
            return True  # "Trump campaign spokesman Jason Miller": a role, then a name
        return is_person_like(m.text, m.kind)

    def full_name(self, m: Mention) -> Mention:
        """A short name ("Clinton", "Mrs. Clinton") -> the full one the article gives."""
        bare = _bare_name(m.text)
        if len(bare) != 1 or not m.text.strip()[-1:].isalpha():
            return m
        own = len(_bare_name(m.text))

        def fits(o: Mention) -> bool:
            words = _bare_name(o.text)
            given = o.text.split()[-len(words) : -len(bare)] if len(words) > own else []
            return (o is not m and own < len(words) <= own + 3 and words[-len(bare):] == bare
                    and all(w[:1].isupper() for w in given)
                    and self.agrees(o, m.gender) and is_person_like(o.text, o.kind))

        earlier = [o for o in self.names if o.span.end <= m.span.start and fits(o)]
        later = [o for o in self.names if o.span.start >= m.span.end and fits(o)]
        # the plainest full name first: "Donald Trump" rather than a headline run into it
        earlier.sort(key=lambda o: len(_bare_name(o.text)))
        later.sort(key=lambda o: len(_bare_name(o.text)))
        found = earlier[0] if earlier else later[0] if later else None
        if found is None:
            return m
        return replace(m, text=found.text, target=found.span, gender=m.gender or self.gender_of(found))

    def look_back(self, m: Mention, sentences: int, fits: Callable[[Mention], bool], *,
                  same_sentence: bool = True) -> Mention | None:
        """The nearest earlier mention that fits; within a sentence one of the same known
        gender first, then subjects, then the nearest."""
        first = m.sentence if same_sentence else m.sentence - 1
        for k in range(first, m.sentence - sentences - 1, -1):
            pool = [o for o in self.done if o.sentence == k and o.span.end <= m.span.start and fits(o)]
            if not pool:
                continue
            pool.sort(key=lambda o: (o.subject == 2, self.same_gender(o, m.gender), o.subject, o.span.start),
                      reverse=True)
            return pool[0]
        return None

    def pronoun(self, m: Mention) -> Mention:
        def fits(o: Mention) -> bool:
            return (self.person(o) and not (o.quoted and not m.quoted) and self.agrees(o, m.gender)
                    and o.span != m.span)

        found = self.look_back(m, _LOOK_BACK, fits)
        return m if found is None else self.linked(m, found)

    def linked(self, m: Mention, found: Mention) -> Mention:
        gender = m.gender or self.gender_of(found)
        if m.gender and _key(found.text) not in self.gender:
            self.gender[_key(found.text)] = m.gender
        return replace(m, text=found.text, target=found.target or found.span, gender=gender, kind=found.kind)

    def description(self, m: Mention) -> Mention:
        words = [w for w in _words(m.text) if w not in ("the", "former", "then")]
        head = words[-1:] or [""]
        for o in reversed(self.done):  # "the New York judge" -> "New York Judge Ana Ruiz"
            if o.role == "name" and len(_bare_name(o.text)) > 1 and all(w in _words(o.text) for w in words):
                return self.linked(m, o)
        if head[0] not in _EPITHETS:
            return m

        def fits(o: Mention) -> bool:
            return (o.subject > 0 and o.role != "description" and self.person(o) and not o.quoted
                    and self.agrees(o, m.gender))

        found = self.look_back(m, _TITLE_BACK, fits, same_sentence=False)
        return m if found is None else self.linked(m, found)

    def relative(self, m: Mention) -> Mention:
        target = m.target
        if target is None:
            return m
        inside = [o for o in self.done
                  if o.role == "name" and target.start <= o.span.start and o.span.end <= target.end]
        head = self._head_name(m, inside)
        if head is not None:
            return replace(m, text=head.text, target=head.target or head.span, kind=head.kind,
                           gender=self.gender_of(head))
        return m

    def _head_name(self, m: Mention, inside: list[Mention]) -> Mention | None:
        """The name that heads the phrase "who" hangs on: the name closing it ("Senator Rosa
        Delgado, who", "the nominee, Jane Roe, who") or opening it ("Democrats on Capitol Hill,
        who" is the Democrats), never a possessor ("Ruiz's relatives, who" are the relatives) nor
        a name closing a phrase it does not head ("Democrats on Capitol Hill")."""
        if not inside or m.target is None:
            return None
        last, first = inside[-1], inside[0]
        phrase = m.text
        if last.span.end == m.target.end:
            before = phrase[: last.span.start - m.target.start].rstrip().lower()
            if len(inside) == 1 or before.endswith(",") or not any(
                f" {p}" in f" {before} " for p in _PHRASE_LINKS
            ):
                return last
        lead = phrase[: first.span.start - m.target.start].split()
        rest = phrase[first.span.end - m.target.start :].lstrip()
        if all(w.isalpha() and w.islower() for w in lead) and not rest.startswith(("'", "’")):
            return first  # "(the) nervous Democrats on Capitol Hill": modifiers, then the name
        return None

    def link(self, m: Mention) -> Mention:
        if m.role == "name":
            return self.learn(self.full_name(m))
        if m.role == "pronoun":
            return self.learn(self.pronoun(m))
        if m.role == "description":
            return self.learn(self.description(m))
        if m.role == "relative":
            return self.learn(self.relative(m))
        return self.learn(m)


def link_mentions(mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions in text order -> the same mentions, short ones linked to what they stand for."""
    linker = _Linker(mentions)
    return [linker.link(m) for m in sorted(mentions, key=lambda m: m.span.start)]
