"""US spelling: the British variants our own text must not use, each with its US form.

The glossary follows the American usage of the ASCM dictionary. The list is kept by hand: a word
is added when an editor meets it, so the check never guesses (enterprise, promise and advertise
end in -ise in US English too).
"""

import re

# Stems whose British -ise, -ised, -isation ... forms are written -ize, -ized, -ization in US English.
ISE_STEMS = [
    "amort",
    "anonym",
    "apolog",
    "author",
    "cannibal",
    "capital",
    "carton",
    "categor",
    "central",
    "character",
    "commercial",
    "computer",
    "container",
    "critic",
    "custom",
    "decentral",
    "digit",
    "decarbon",
    "dramat",
    "econom",
    "emphas",
    "energ",
    "equal",
    "fertil",
    "final",
    "formal",
    "fossil",
    "general",
    "global",
    "harmon",
    "hospital",
    "ideal",
    "incentiv",
    "industrial",
    "initial",
    "item",
    "jeopard",
    "legal",
    "legitim",
    "local",
    "magnet",
    "material",
    "maxim",
    "mechan",
    "memor",
    "minim",
    "mobil",
    "modern",
    "monet",
    "neutral",
    "normal",
    "optim",
    "organ",
    "oxid",
    "pallet",
    "penal",
    "personal",
    "photopolymer",
    "polar",
    "popular",
    "priorit",
    "privat",
    "random",
    "rational",
    "real",
    "recogn",
    "regular",
    "reorgan",
    "revolution",
    "robot",
    "sanit",
    "scrutin",
    "secur",
    "sensit",
    "serial",
    "social",
    "special",
    "stabil",
    "standard",
    "steril",
    "stigmat",
    "subsid",
    "summar",
    "symbol",
    "synchron",
    "synthes",
    "systemat",
    "theor",
    "token",
    "trivial",
    "unauthor",
    "unit",
    "util",
    "vandal",
    "vapor",
    "visual",
]
ISE_ENDINGS = {
    "ise": "ize", "ised": "ized", "ises": "izes", "ising": "izing", "isation": "ization",
    "isations": "izations", "iser": "izer", "isers": "izers", "isable": "izable",
}  # fmt: skip

# Words spelled -our in British English and -or in US English, with their derived forms.
OUR_STEMS = [
    "arm",
    "behavi",
    "clam",
    "col",
    "endeav",
    "fav",
    "flav",
    "harb",
    "hon",
    "hum",
    "lab",
    "neighb",
    "od",
    "parl",
    "rig",
    "rum",
    "sav",
    "splend",
    "tum",
    "val",
    "vap",
    "vig",
]
OUR_ENDINGS = [
    "our",
    "ours",
    "oured",
    "ouring",
    "ourable",
    "ourably",
    "ourite",
    "ourites",
    "ourful",
    "ourless",
]

# Words spelled -re in British English and -er in US English (centre, fibre, litre ...).
RE_WORDS = [
    "centre",
    "metre",
    "litre",
    "kilometre",
    "centimetre",
    "millimetre",
    "micrometre",
    "fibre",
    "calibre",
    "theatre",
    "lustre",
    "meagre",
    "sombre",
    "spectre",
]
RE_ENDINGS = {"re": "er", "res": "ers", "red": "ered", "ring": "ering"}

# Verbs that double a final l before -ed, -ing, -er in British English only.
DOUBLED_L_STEMS = [
    "cancel",
    "channel",
    "counsel",
    "dial",
    "equal",
    "fuel",
    "funnel",
    "label",
    "level",
    "marshal",
    "model",
    "panel",
    "parcel",
    "pencil",
    "relabel",
    "mislabel",
    "unlabel",
    "rival",
    "shovel",
    "signal",
    "total",
    "travel",
    "tunnel",
]
DOUBLED_L_ENDINGS = {"led": "ed", "ling": "ing", "ler": "er", "lers": "ers"}

OTHER_WORDS = {
    "acknowledgement": "acknowledgment", "acknowledgements": "acknowledgments", "aeroplane": "airplane",
    "ageing": "aging", "aluminium": "aluminum", "amongst": "among", "analogue": "analog",
    "analogues": "analogs", "analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing",
    "artefact": "artifact", "artefacts": "artifacts", "catalyse": "catalyze", "catalogue": "catalog",
    "catalogues": "catalogs", "catalogued": "cataloged", "cheque": "check", "cheques": "checks",
    "defence": "defense", "defences": "defenses", "enquiries": "inquiries", "enquiry": "inquiry",
    "enrol": "enroll", "enrolment": "enrollment", "enrolments": "enrollments", "fibreboard": "fiberboard",
    "fulfil": "fulfill", "fulfils": "fulfills", "fulfilment": "fulfillment", "grey": "gray",
    "instalment": "installment", "instalments": "installments", "jewellery": "jewelry",
    "judgement": "judgment", "judgements": "judgments", "kerb": "curb", "learnt": "learned",
    "licence": "license", "licences": "licenses", "manoeuvre": "maneuver", "manoeuvres": "maneuvers",
    "mould": "mold", "moulds": "molds", "moulded": "molded", "moulding": "molding", "offence": "offense",
    "offences": "offenses", "paralyse": "paralyze", "plough": "plow", "practise": "practice",
    "practised": "practiced", "practises": "practices", "practising": "practicing", "pretence": "pretense",
    "programme": "program", "programmes": "programs", "sceptical": "skeptical", "skilful": "skillful",
    "spelt": "spelled", "storey": "story", "storeys": "stories", "sulphur": "sulfur", "tyre": "tire",
    "tyres": "tires", "unfavourable": "unfavorable", "unfavourably": "unfavorably", "whilst": "while",
    "wilful": "willful", "woollen": "woolen",
}  # fmt: skip


def british_to_us():
    words = dict(OTHER_WORDS)
    words |= {stem + gb: stem + us for stem in ISE_STEMS for gb, us in ISE_ENDINGS.items()}
    words |= {
        stem + ending: stem + ending.replace("our", "or", 1) for stem in OUR_STEMS for ending in OUR_ENDINGS
    }
    words |= {word[:-2] + gb: word[:-2] + us for word in RE_WORDS for gb, us in RE_ENDINGS.items()}
    words |= {stem + gb: stem + us for stem in DOUBLED_L_STEMS for gb, us in DOUBLED_L_ENDINGS.items()}
    return words


# Names that keep their owner's spelling.
PROPER_NAMES = [
    "Global Data Synchronisation Network",
    "Fibre Box Association",
    "Smart Freight Centre",
    "Forced Labour Convention",
    "Forced Labour Regulation",
    "World Food Programme",
    "United Nations Development Programme",
    "International Fibreboard Case Code",
    "Classification and Labelling of Chemicals",
    "Evaluation, Authorisation and Restriction of Chemicals",
]

BRITISH_TO_US = british_to_us()
WORD = re.compile(r"[A-Za-z]+")
# A name may be broken across lines in the YAML files.
PROPER_NAME = re.compile(
    "(" + "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in PROPER_NAMES) + ")"
)


def british_words(text):
    """The British spellings in a text, in order of appearance, each once."""
    words = WORD.findall(PROPER_NAME.sub(" ", text or ""))
    return list(dict.fromkeys(word for word in words if word.lower() in BRITISH_TO_US))


def with_case_of(original, word):
    if original.isupper():
        return word.upper()
    return word[0].upper() + word[1:] if original[0].isupper() else word


def us_form(match):
    word = match.group(0)
    us = BRITISH_TO_US.get(word.lower())
    return with_case_of(word, us) if us else word


def americanize(text):
    """The text with every listed British spelling in its US form; proper names are kept."""
    parts = PROPER_NAME.split(text)
    return "".join(part if index % 2 else WORD.sub(us_form, part) for index, part in enumerate(parts))
