#!/usr/bin/env python3
"""Generate the synthetic demo corpus and its analogy questions.

Writes (relative to the repository root, or to --out-dir):

  data/demo-corpus.txt     one lowercase sentence per line, no punctuation
  data/demo-questions.txt  analogy questions in the Google word2vec format

The corpus is English-like text produced from templates.  It plants
relations that a skip-gram model can learn from co-occurrence statistics
alone:

  * gender     king/queen, man/woman, father/mother, ...  Every pair shares
               its own "concept" context words (crown, throne, reign for
               king/queen), and every male word shares he/him/his/himself
               while every female word shares she/her/herself.
  * capitals   paris/france, rome/italy, ...  A city and its country share
               country-specific words (language, currency, river, landmark,
               dish); cities also share city words (mayor, streets, capital)
               and countries share country words (nation, border, ...).
  * plurals    cat/cats, dog/dogs, ...  Singular and plural forms share the
               noun's own context words; singulars share a/one/this/each and
               singular verb forms (runs, is, has), plurals share many/two/
               these/several and plural verb forms (run, are, have).
  * topics     animals (pets, farm, wild, birds), foods, professions,
               vehicles and colours, each with cluster-wide context words,
               so cat is near dog and apples are near bananas.
  * languages  france/french, italy/italian, ... (country to language).

About a quarter of the sentences are background filler from a small
grammar, so the corpus has a realistic share of function words.

Only the Python standard library is used, and the output depends only on
--seed and --scale: running the script twice gives identical files.

Usage:  python3 scripts/make_demo_corpus.py [--seed N] [--scale X] [--out-dir DIR]
"""

import argparse
import os
import random

DEFAULT_SEED = 20240521

# ---------------------------------------------------------------------------
# Vocabulary tables
# ---------------------------------------------------------------------------

MALE = {"he": "he", "him": "him", "his": "his", "himself": "himself"}
FEMALE = {"he": "she", "him": "her", "his": "her", "himself": "herself"}

# (male, female, category, concept-specific context words)
GENDER_PAIRS = [
    ("king", "queen", "royal", ["crown", "throne", "kingdom", "reign", "coronation", "scepter"]),
    ("prince", "princess", "royal", ["heir", "castle", "carriage", "fairytale", "tournament"]),
    ("duke", "duchess", "royal", ["dukedom", "manor", "estate", "nobility", "hunting"]),
    ("emperor", "empress", "royal", ["empire", "imperial", "dynasty", "conquest", "provinces"]),
    ("man", "woman", "people", ["adult", "stranger", "crowd", "grown", "sidewalk"]),
    ("boy", "girl", "people", ["playground", "toys", "homework", "kindergarten", "childhood"]),
    ("boyfriend", "girlfriend", "people", ["dating", "romance", "valentine", "flirting", "breakup"]),
    ("groom", "bride", "people", ["altar", "ceremony", "vows", "reception", "honeymoon"]),
    ("father", "mother", "family", ["parenting", "household", "baby", "newborn", "nursery"]),
    ("son", "daughter", "family", ["eldest", "youngest", "inheritance", "adoption", "upbringing"]),
    ("brother", "sister", "family", ["sibling", "twin", "siblings", "rivalry", "bunk"]),
    ("husband", "wife", "family", ["marriage", "wedding", "spouse", "anniversary", "divorce"]),
    ("uncle", "aunt", "family", ["relatives", "cousins", "reunion", "thanksgiving", "postcard"]),
    ("grandfather", "grandmother", "family", ["grandchildren", "pension", "retired", "elderly", "memories"]),
    ("grandson", "granddaughter", "family", ["grandparents", "heirloom", "spoiled", "allowance", "lullaby"]),
    ("stepfather", "stepmother", "family", ["remarried", "stepchildren", "custody", "blended", "resentment"]),
    ("nephew", "niece", "family", ["godparent", "christening", "babysitting", "piggyback", "fairground"]),
    ("actor", "actress", "work", ["film", "stage", "role", "audition", "premiere", "screenplay"]),
    ("waiter", "waitress", "work", ["restaurant", "tips", "tray", "diner", "orders"]),
    ("policeman", "policewoman", "work", ["arrest", "suspect", "patrol", "crime", "badge"]),
    ("steward", "stewardess", "work", ["cabin", "passengers", "aisle", "seatbelt", "trolley"]),
    ("monk", "nun", "work", ["prayer", "abbey", "cloister", "chanting", "rosary"]),
    ("hero", "heroine", "story", ["villain", "rescue", "saga", "courage", "quest"]),
    ("god", "goddess", "story", ["temple", "worship", "mythology", "divine", "olympus"]),
    ("sorcerer", "sorceress", "story", ["spells", "wand", "potion", "enchantment", "grimoire"]),
]

GENDER_CATEGORY = {
    "royal": ["palace", "court", "nobles", "courtiers", "banquet"],
    "people": ["town", "neighbourhood", "square", "community", "gathering"],
    "family": ["family", "home", "relatives", "kin", "porch"],
    "work": ["job", "shift", "colleagues", "uniform", "workplace"],
    "story": ["legend", "tale", "myth", "epic", "storybook"],
}

# (country, capital, language, currency, river, landmark, dish, region)
COUNTRIES = [
    ("france", "paris", "french", "euro", "seine", "louvre", "croissants", "europe"),
    ("italy", "rome", "italian", "euro", "tiber", "colosseum", "pasta", "europe"),
    ("germany", "berlin", "german", "euro", "rhine", "reichstag", "sausages", "europe"),
    ("spain", "madrid", "spanish", "euro", "ebro", "prado", "paella", "europe"),
    ("portugal", "lisbon", "portuguese", "euro", "tagus", "belem", "custard", "europe"),
    ("greece", "athens", "greek", "euro", "aegean", "acropolis", "souvlaki", "europe"),
    ("ireland", "dublin", "irish", "euro", "liffey", "shamrock", "stew", "europe"),
    ("poland", "warsaw", "polish", "zloty", "vistula", "wawel", "pierogi", "europe"),
    ("sweden", "stockholm", "swedish", "krona", "malaren", "vasa", "meatballs", "europe"),
    ("norway", "oslo", "norwegian", "krone", "glomma", "fjords", "lutefisk", "europe"),
    ("hungary", "budapest", "hungarian", "forint", "danube", "parliament", "goulash", "europe"),
    ("russia", "moscow", "russian", "ruble", "volga", "kremlin", "borscht", "europe"),
    ("turkey", "ankara", "turkish", "lira", "kizilirmak", "anatolia", "kebab", "asia"),
    ("egypt", "cairo", "arabic", "pound", "nile", "pyramids", "falafel", "africa"),
    ("kenya", "nairobi", "swahili", "shilling", "tana", "safari", "ugali", "africa"),
    ("japan", "tokyo", "japanese", "yen", "sumida", "fuji", "sushi", "asia"),
    ("china", "beijing", "chinese", "yuan", "yangtze", "tiananmen", "dumplings", "asia"),
    ("korea", "seoul", "korean", "won", "hangang", "gyeongbokgung", "kimchi", "asia"),
    ("india", "delhi", "hindi", "rupee", "ganges", "taj", "curry", "asia"),
    ("thailand", "bangkok", "thai", "baht", "chaophraya", "tuktuk", "tomyum", "asia"),
    ("vietnam", "hanoi", "vietnamese", "dong", "mekong", "halong", "pho", "asia"),
    ("iran", "tehran", "persian", "rial", "zagros", "carpets", "saffron", "asia"),
]

CITY_WORDS = ["city", "capital", "mayor", "streets", "downtown", "metro", "skyline", "suburbs", "tourists"]
COUNTRY_WORDS = ["country", "nation", "border", "government", "population", "president", "economy", "territory"]

# Countable nouns: (singular, plural, cluster, specific context words).
NOUNS = [
    # pets (only two, so that cat and dog are each other's nearest neighbour)
    ("cat", "cats", "pet", ["purr", "whiskers", "meow", "litter", "yarn"]),
    ("dog", "dogs", "pet", ["bark", "bone", "leash", "fetch", "kennel"]),
    # farm animals
    ("horse", "horses", "farm", ["saddle", "gallop", "stable", "hooves", "rider"]),
    ("cow", "cows", "farm", ["milk", "moo", "pasture", "udder", "dairy"]),
    ("pig", "pigs", "farm", ["mud", "sty", "snout", "truffles", "bacon"]),
    ("goat", "goats", "farm", ["horns", "bleat", "hillside", "beard", "grazing"]),
    ("rabbit", "rabbits", "farm", ["hutch", "burrow", "hop", "lettuce", "ears"]),
    # wild animals
    ("lion", "lions", "wild", ["mane", "roar", "savanna", "pride", "prey"]),
    ("tiger", "tigers", "wild", ["stripes", "jungle", "prowl", "ambush", "bengal"]),
    ("bear", "bears", "wild", ["honey", "cave", "hibernate", "claws", "salmon"]),
    ("wolf", "wolves", "wild", ["howl", "pack", "moonlight", "fangs", "tundra"]),
    ("elephant", "elephants", "wild", ["trunk", "tusks", "ivory", "herd", "waterhole"]),
    ("mouse", "mice", "wild", ["trap", "squeak", "cheese", "nibble", "skirting"]),
    ("monkey", "monkeys", "wild", ["swing", "branches", "coconuts", "chatter", "canopy"]),
    # birds
    ("bird", "birds", "bird", ["nest", "wings", "feathers", "chirp", "migrate"]),
    ("duck", "ducks", "bird", ["pond", "quack", "webbed", "ducklings", "breadcrumbs"]),
    ("eagle", "eagles", "bird", ["soar", "talons", "cliffs", "swoop", "aerie"]),
    ("owl", "owls", "bird", ["hoot", "barn", "wisdom", "nocturnal", "rodents"]),
    # foods
    ("apple", "apples", "food", ["orchard", "crisp", "core", "cider", "pie"]),
    ("banana", "bananas", "food", ["peel", "bunch", "tropical", "smoothie", "ripe"]),
    ("lemon", "lemons", "food", ["sour", "juice", "zest", "lemonade", "citrus"]),
    ("egg", "eggs", "food", ["shell", "yolk", "omelette", "boiled", "carton"]),
    ("potato", "potatoes", "food", ["fries", "mashed", "peeler", "sack", "baked"]),
    ("tomato", "tomatoes", "food", ["sauce", "salad", "ketchup", "vine", "juicy"]),
    ("carrot", "carrots", "food", ["crunchy", "grated", "soup", "orange", "roots"]),
    ("cake", "cakes", "food", ["frosting", "slice", "candles", "sponge", "layers"]),
    ("cookie", "cookies", "food", ["crumbs", "jar", "chocolate", "dough", "milkshake"]),
    ("sandwich", "sandwiches", "food", ["lunchbox", "ham", "picnic", "toasted", "mayonnaise"]),
    # professions
    ("doctor", "doctors", "job", ["hospital", "patients", "medicine", "diagnosis", "clinic"]),
    ("teacher", "teachers", "job", ["students", "lessons", "classroom", "exams", "chalk"]),
    ("lawyer", "lawyers", "job", ["court", "trial", "judge", "contract", "verdict"]),
    ("farmer", "farmers", "job", ["fields", "crops", "tractor", "harvest", "barley"]),
    ("chef", "chefs", "job", ["kitchen", "recipe", "knives", "spices", "dishes"]),
    ("pilot", "pilots", "job", ["cockpit", "runway", "airport", "flights", "altitude"]),
    ("engineer", "engineers", "job", ["bridges", "machines", "blueprint", "circuits", "prototype"]),
    ("artist", "artists", "job", ["canvas", "gallery", "brush", "portrait", "sculpture"]),
    ("soldier", "soldiers", "job", ["army", "battle", "rifle", "barracks", "war"]),
    ("scientist", "scientists", "job", ["laboratory", "experiment", "research", "theory", "microscope"]),
    ("writer", "writers", "job", ["novel", "manuscript", "publisher", "chapters", "poems"]),
    ("singer", "singers", "job", ["songs", "concert", "voice", "album", "microphone"]),
    # vehicles
    ("car", "cars", "vehicle", ["engine", "garage", "tyres", "highway", "parking"]),
    ("bus", "buses", "vehicle", ["timetable", "fare", "stop", "commuters", "depot"]),
    ("train", "trains", "vehicle", ["railway", "platform", "carriages", "tracks", "tunnel"]),
    ("bicycle", "bicycles", "vehicle", ["pedals", "helmet", "chain", "cycling", "saddlebag"]),
    ("boat", "boats", "vehicle", ["harbour", "sail", "oars", "dock", "waves"]),
    ("truck", "trucks", "vehicle", ["cargo", "diesel", "loading", "freight", "trailer"]),
]

NOUN_CLUSTER = {
    "pet": {"ctx": ["pet", "vet", "owner", "sofa", "collar", "adopted", "bowl", "fur", "animal"],
            "verbs": [("sleeps", "sleep"), ("plays", "play"), ("eats", "eat"), ("runs", "run"), ("hides", "hide")],
            "adj": ["cute", "furry", "playful", "lazy", "friendly"]},
    "farm": {"ctx": ["farm", "barnyard", "fence", "hay", "farmyard", "livestock", "meadow", "animal"],
             "verbs": [("grazes", "graze"), ("eats", "eat"), ("sleeps", "sleep"), ("walks", "walk"), ("runs", "run")],
             "adj": ["big", "strong", "calm", "muddy", "healthy"]},
    "wild": {"ctx": ["wild", "zoo", "forest", "wilderness", "predator", "habitat", "safari", "animal"],
             "verbs": [("hunts", "hunt"), ("sleeps", "sleep"), ("runs", "run"), ("hides", "hide"), ("eats", "eat")],
             "adj": ["wild", "fierce", "huge", "dangerous", "rare"]},
    "bird": {"ctx": ["sky", "flock", "beak", "tree", "flying", "birdwatchers", "animal"],
             "verbs": [("flies", "fly"), ("sings", "sing"), ("lands", "land"), ("eats", "eat"), ("sleeps", "sleep")],
             "adj": ["small", "graceful", "noisy", "colourful", "quick"]},
    "food": {"ctx": ["eat", "ate", "kitchen", "dinner", "breakfast", "fridge", "plate", "recipe", "food", "delicious"],
             "verbs": [("tastes", "taste"), ("smells", "smell"), ("costs", "cost"), ("looks", "look"), ("goes", "go")],
             "adj": ["fresh", "tasty", "sweet", "healthy", "cheap"]},
    "job": {"ctx": ["job", "career", "salary", "work", "hired", "office", "profession", "training", "colleagues"],
            "verbs": [("works", "work"), ("helps", "help"), ("earns", "earn"), ("travels", "travel"), ("retires", "retire")],
            "adj": ["busy", "skilled", "tired", "experienced", "professional"]},
    "vehicle": {"ctx": ["drive", "road", "traffic", "passengers", "journey", "fuel", "ticket", "vehicle", "transport"],
                "verbs": [("moves", "move"), ("stops", "stop"), ("arrives", "arrive"), ("leaves", "leave"), ("breaks", "break")],
                "adj": ["fast", "slow", "new", "old", "crowded"]},
}

# Colours and their own context words (all colours share COLOUR_CTX).
COLOURS = [
    ("red", ["blood", "fire", "roses", "cherries", "lipstick"]),
    ("blue", ["ocean", "sapphire", "jeans", "bluebell", "denim"]),
    ("green", ["grass", "leaves", "emerald", "moss", "lime"]),
    ("yellow", ["sunflower", "butter", "daffodils", "canary", "mustard"]),
    ("purple", ["lavender", "plum", "violet", "grapes", "amethyst"]),
    ("pink", ["flamingo", "blush", "salmon", "bubblegum", "candyfloss"]),
    ("brown", ["chestnut", "soil", "coffee", "bark", "leather"]),
    ("black", ["coal", "ink", "midnight", "crow", "tar"]),
    ("white", ["snow", "milk", "clouds", "pearls", "chalk"]),
    ("grey", ["ash", "fog", "concrete", "pebbles", "storm"]),
]
COLOUR_CTX = ["colour", "painted", "shade", "bright", "dark", "paint", "dyed", "pale", "hue"]
COLOURED_THINGS = ["door", "dress", "shirt", "wall", "fence", "hat", "scarf", "house", "bag",
                   "umbrella", "curtains", "jacket", "sweater", "mug"]

# Background filler grammar.
FILLER_NOUNS = [
    "table", "window", "door", "letter", "road", "garden", "morning", "weather", "question",
    "story", "idea", "problem", "meeting", "plan", "paper", "box", "key", "bag", "phone",
    "computer", "shop", "market", "station", "corner", "wall", "floor", "room", "chair",
    "lamp", "clock", "picture", "report", "map", "card", "ticket", "newspaper", "radio",
    "bottle", "cup", "glass", "blanket", "pillow", "mirror", "basket", "bucket", "ladder",
    "river", "hill", "village", "town", "park", "path", "bench", "gate", "yard", "library",
    "museum", "church", "school", "office", "factory", "message", "answer", "reason", "result",
    "list", "number", "price", "bill", "coin", "wallet", "watch", "shoe", "coat", "umbrella",
    "notebook", "pencil", "pen", "folder", "envelope", "parcel", "package", "holiday", "weekend",
    "evening", "afternoon", "season", "summer", "winter", "autumn", "spring", "rain", "wind",
    "sun", "moon", "star", "light", "noise", "music", "game", "match", "team", "club", "party",
    "lesson", "test", "exam", "score", "page", "book", "song", "film", "show", "plan", "trip",
]
FILLER_ADJ = [
    "old", "new", "small", "large", "long", "short", "quiet", "loud", "clean", "dirty",
    "empty", "full", "heavy", "light", "warm", "cold", "wet", "dry", "strange", "simple",
    "important", "useful", "broken", "open", "closed", "early", "late", "easy", "hard", "nice",
    "good", "bad", "different", "same", "next", "last", "whole", "other", "famous", "local",
]
FILLER_VERBS = [
    "opened", "closed", "found", "lost", "moved", "watched", "cleaned", "carried", "checked",
    "fixed", "bought", "sold", "wanted", "liked", "noticed", "forgot", "remembered", "described",
    "explained", "discussed", "finished", "started", "built", "visited", "left", "kept", "brought",
    "read", "wrote", "took", "made", "used", "needed", "borrowed", "returned", "changed", "shared",
    "ignored", "mentioned", "packed", "sent", "received", "dropped", "picked", "washed", "counted",
]
FILLER_SUBJ = ["i", "we", "they", "you", "people", "everyone", "somebody", "nobody", "the neighbours",
               "my friend", "our friends", "the children", "the students", "the visitors"]
PREPS = ["in", "on", "near", "behind", "under", "after", "before", "during", "with", "without",
         "across", "around", "beside", "inside", "outside", "from", "into", "by"]
TIMES = ["yesterday", "today", "last week", "this morning", "in the evening", "on monday",
         "on tuesday", "on wednesday", "on thursday", "on friday", "on saturday", "on sunday",
         "every day", "last year", "at noon", "later", "again", "once", "twice", "recently",
         "in january", "in march", "in june", "in october", "soon", "at last"]
CONNECT = ["because", "although", "when", "while", "before", "after", "since", "until", "so"]
OBJ_DETS = ["the", "a", "my", "our", "their", "your", "that", "this", "another", "the other"]


# ---------------------------------------------------------------------------
# Sentence generators
# ---------------------------------------------------------------------------

class Gen:
    def __init__(self, rng):
        self.rng = rng

    def c(self, seq):
        return self.rng.choice(seq)

    def chance(self, p):
        return self.rng.random() < p

    # --- filler -----------------------------------------------------------
    def np_filler(self):
        det = self.c(OBJ_DETS)
        if self.chance(0.4):
            return "%s %s %s" % (det, self.c(FILLER_ADJ), self.c(FILLER_NOUNS))
        return "%s %s" % (det, self.c(FILLER_NOUNS))

    def clause_filler(self):
        s = "%s %s %s" % (self.c(FILLER_SUBJ), self.c(FILLER_VERBS), self.np_filler())
        if self.chance(0.5):
            s += " %s the %s" % (self.c(PREPS), self.c(FILLER_NOUNS))
        return s

    def filler(self):
        r = self.rng.random()
        if r < 0.45:
            s = self.clause_filler()
        elif r < 0.7:
            s = "%s %s %s" % (self.clause_filler(), self.c(CONNECT), self.clause_filler())
        elif r < 0.85:
            s = "the %s was %s and the %s was %s" % (self.c(FILLER_NOUNS), self.c(FILLER_ADJ),
                                                     self.c(FILLER_NOUNS), self.c(FILLER_ADJ))
        else:
            s = "there was %s %s %s the %s" % (self.c(["a", "one", "another", "no"]), self.c(FILLER_NOUNS),
                                               self.c(PREPS), self.c(FILLER_NOUNS))
        if self.chance(0.5):
            s += " " + self.c(TIMES)
        return s

    def tail(self, p=0.35):
        """Optional filler tail that makes sentences look less templated."""
        if self.chance(p):
            return " " + self.c(TIMES)
        if self.chance(p * 0.5):
            return " %s the %s" % (self.c(PREPS), self.c(FILLER_NOUNS))
        return ""

    # --- gendered people --------------------------------------------------
    def person(self, word, pro, cat, spec):
        c = self.c
        s1, s2 = self.rng.sample(spec, 2)
        k = c(GENDER_CATEGORY[cat])
        he, him, his, himself = pro["he"], pro["him"], pro["his"], pro["himself"]
        t = self.rng.randrange(16)
        if t == 0:
            s = "the %s said that %s would take care of the %s" % (word, he, s1)
        elif t == 1:
            s = "the %s lost %s %s near the %s" % (word, his, s1, c(FILLER_NOUNS))
        elif t == 2:
            s = "everyone knew that the %s cared about the %s more than %s cared about %s" % (word, s1, he, himself)
        elif t == 3:
            s = "the %s smiled when %s thought about the %s and the %s" % (word, he, s1, s2)
        elif t == 4:
            s = "%s is the %s and %s %s is famous" % (he, word, his, s1)
        elif t == 5:
            s = "the %s talked about the %s and %s %s" % (word, k, his, s1)
        elif t == 6:
            s = "people asked the %s about the %s but %s did not answer them" % (word, s1, he)
        elif t == 7:
            s = "the %s told %s friends that %s %s was %s" % (word, his, his, s1, c(FILLER_ADJ))
        elif t == 8:
            s = "nobody could find the %s so %s went to the %s by %s" % (s1, he, s2, himself)
        elif t == 9:
            s = "the %s and %s %s arrived at the %s %s" % (word, his, s1, k, c(TIMES)) if self.chance(0.5) else \
                "the %s left the %s and went back to %s %s" % (word, k, his, s1)
        elif t == 10:
            s = "we met the %s and thanked %s for the %s" % (word, him, s1)
        elif t == 11:
            s = "the old %s wrote a letter about %s %s and %s %s" % (word, his, s1, his, s2)
        elif t == 12:
            s = "%s said the %s was proud of %s %s" % (c(["they", "we", "i", "everyone"]), word, his, s1)
        elif t == 13:
            s = "the %s %s %s own %s" % (word, c(["described", "remembered", "mentioned", "explained"]), his, s1)
        elif t == 14:
            s = "the young %s was happy because %s %s was %s" % (word, his, s1, c(["ready", "perfect", "safe", "finished"]))
        else:
            s = "after the %s the %s looked at %s in the mirror" % (s1, word, himself)
        return s + self.tail(0.2)

    # --- capitals and countries --------------------------------------------
    def city(self, row):
        country, city, lang, cur, river, mark, dish, region = row
        c = self.c
        cw = c(CITY_WORDS)
        t = self.rng.randrange(14)
        if t == 0:
            s = "the capital of %s is %s where people speak %s and pay with the %s" % (country, city, lang, cur)
        elif t == 1:
            s = "%s is a large city on the %s" % (city, river)
        elif t == 2:
            s = "the mayor of %s opened a new museum near the %s" % (city, mark)
        elif t == 3:
            s = "tourists in %s visit the %s and eat %s" % (city, mark, dish)
        elif t == 4:
            s = "the %s flows through the %s of %s" % (river, cw, city)
        elif t == 5:
            s = "in %s the %s of the city are full of %s speakers" % (city, c(["streets", "suburbs", "markets", "squares"]), lang)
        elif t == 6:
            s = "%s is the capital city and the %s newspapers are printed there" % (city, lang)
        elif t == 7:
            s = "we flew to %s and changed our money into the %s downtown" % (city, cur)
        elif t == 8:
            s = "the streets of %s smell of %s and the %s is close by" % (city, dish, mark)
        elif t == 9:
            s = "the %s of %s said the %s needs a new metro line" % (c(["mayor", "council", "governor"]), city, cw)
        elif t == 10:
            s = "%s has a famous skyline over the %s" % (city, river)
        elif t == 11:
            s = "people in %s speak %s and love %s" % (city, lang, dish)
        elif t == 12:
            s = "the capital %s is the largest city in %s" % (city, region)
        else:
            s = "%s is the capital of %s" % (city, country)
        return s + self.tail(0.25)

    def country(self, row, others):
        country, city, lang, cur, river, mark, dish, region = row
        c = self.c
        cw = c(COUNTRY_WORDS)
        t = self.rng.randrange(14)
        if t == 0:
            s = "%s is a country in %s where people speak %s" % (country, region, lang)
        elif t == 1:
            s = "the people of %s speak %s and pay with the %s" % (country, lang, cur)
        elif t == 2:
            s = "the %s is the longest river in %s" % (river, country)
        elif t == 3:
            s = "the nation of %s is proud of the %s" % (country, mark)
        elif t == 4:
            s = "the %s of %s announced that the %s will be stronger next year" % (c(["government", "president", "parliament"]), country, cur)
        elif t == 5:
            s = "%s shares a border with %s" % (country, c(others))
        elif t == 6:
            s = "the national dish of %s is %s" % (country, dish)
        elif t == 7:
            s = "the %s of %s grew last year and the %s rose" % (cw, country, cur)
        elif t == 8:
            s = "in %s the official language is %s" % (country, lang)
        elif t == 9:
            s = "the country of %s is known for the %s and the %s" % (country, river, mark)
        elif t == 10:
            s = "%s is a %s nation with a %s economy" % (country, c(["large", "small", "proud", "old", "young"]), c(["growing", "strong", "modern", "stable"]))
        elif t == 11:
            s = "visitors to %s eat %s and learn some %s" % (country, dish, lang)
        elif t == 12:
            s = "the population of %s mostly speaks %s" % (country, lang)
        else:
            s = "the capital of %s is %s" % (country, city)
        return s + self.tail(0.25)

    # --- countable nouns ----------------------------------------------------
    def noun(self, form, plural, cluster, spec):
        c = self.c
        cl = NOUN_CLUSTER[cluster]
        v = c(cl["verbs"])[1 if plural else 0]
        v2 = c(cl["verbs"])[1 if plural else 0]
        s1, s2 = self.rng.sample(spec, 2)
        k = c(cl["ctx"])
        adj = c(cl["adj"])
        if plural:
            det = c(["many", "several", "two", "three", "these", "those", "some", "the", "all the", "most"])
            be, was, has, there = "are", "were", "have", "there are %s" % c(["many", "several", "two", "three", "four", "some", "five"])
        else:
            det = c(["a", "one", "this", "that", "the", "every", "each", "a single", "the"])
            be, was, has, there = "is", "was", "has", "there is %s" % c(["a", "one", "a single"])
        t = self.rng.randrange(12)
        if t == 0:
            s = "%s %s %s near the %s" % (det, form, v, s1)
        elif t == 1:
            s = "%s %s %s %s and %s %s" % (det, form, be, adj, has, s1)
        elif t == 2:
            s = "%s %s in the %s and %s %s" % (there, form, s1, "they" if plural else "it", v2)
        elif t == 3:
            s = "%s %s %s %s and %s" % (det, form, has, s1, s2)
        elif t == 4:
            s = "%s %s %s by the %s with the %s" % (det, form, v, k, s1)
        elif t == 5:
            s = "%s %s %s %s with the %s" % (det, adj, form, v, s1)
        elif t == 6:
            s = "we saw %s %s %s the %s" % (det, form, c(PREPS), s1)
        elif t == 7:
            s = "%s %s %s %s because of the %s" % (det, form, was, adj, s1)
        elif t == 8:
            s = "%s %s %s when the %s %s" % (det, form, v, s1, c(["came", "started", "arrived", "changed"]))
        elif t == 9:
            s = "the %s and the %s made %s %s %s" % (s1, s2, det, form, c(["happy", "famous", "special", "busy"]))
        elif t == 10:
            s = "%s %s %s %s the %s" % (det, form, v, c(PREPS), c([s1, k]))
        else:
            s = "my %s %s about %s %s %s and the %s" % (c(["friend", "neighbour", "cousin"]), c(["talked", "wrote", "asked", "read"]),
                                                   det, adj, form, s1)
        return s + self.tail(0.2)

    def pet_pair(self):
        """Sentences that mention the two pets together (cats and dogs)."""
        pets = [n for n in NOUNS if n[2] == "pet"]
        a, b = self.rng.sample(pets, 2)
        pl = self.chance(0.5)
        i = 1 if pl else 0
        return self.c([
            "the %s and the %s sleep on the sofa" % (a[i], b[i]),
            "we have %s %s and %s %s at home" % ("two" if pl else "a", a[i], "two" if pl else "a", b[i]),
            "the vet looked at the %s and then at the %s" % (a[i], b[i]),
        ])

    # --- colours ------------------------------------------------------------
    def colour(self, name, spec):
        c = self.c
        thing = c(COLOURED_THINGS)
        s1 = c(spec)
        k = c(COLOUR_CTX)
        t = self.rng.randrange(10)
        if t == 0:
            s = "the %s was painted %s like %s" % (thing, name, s1)
        elif t == 1:
            s = "she wore a %s %s the colour of %s" % (name, thing, s1)
        elif t == 2:
            s = "%s is the colour of %s" % (name, s1)
        elif t == 3:
            s = "he chose a %s %s of %s for the %s" % (k, c(["shade", "tone", "hue"]), name, thing)
        elif t == 4:
            s = "the %s %s looked like %s in the light" % (name, thing, s1)
        elif t == 5:
            s = "they painted the %s %s and the %s %s" % (thing, name, c(COLOURED_THINGS), name)
        elif t == 6:
            s = "a %s %s %s" % (c(["bright", "dark", "pale", "deep"]), name, thing)
        elif t == 7:
            s = "the %s turned %s as %s as %s" % (thing, name, name, s1)
        elif t == 8:
            s = "her favourite colour is %s because of %s" % (name, s1) if self.chance(0.5) else \
                "his favourite colour is %s because of %s" % (name, s1)
        else:
            s = "we bought %s paint the colour of %s" % (name, s1)
        return s + self.tail(0.2)


# ---------------------------------------------------------------------------
# Corpus assembly
# ---------------------------------------------------------------------------

def build_corpus(seed, scale):
    rng = random.Random(seed)
    g = Gen(rng)
    lines = []
    # Sentences per planted word; scale 1.0 gives about one million words.
    n_person = int(round(500 * scale))
    n_place = int(round(500 * scale))
    n_noun = int(round(310 * scale))
    n_colour = int(round(360 * scale))
    n_pet_pair = int(round(360 * scale))

    for male, female, cat, spec in GENDER_PAIRS:
        for _ in range(n_person):
            lines.append(g.person(male, MALE, cat, spec))
            lines.append(g.person(female, FEMALE, cat, spec))

    names = [row[0] for row in COUNTRIES]
    for row in COUNTRIES:
        others = [n for n in names if n != row[0]]
        for _ in range(n_place):
            lines.append(g.city(row))
            lines.append(g.country(row, others))

    for sg, pl, cluster, spec in NOUNS:
        for _ in range(n_noun):
            lines.append(g.noun(sg, False, cluster, spec))
            lines.append(g.noun(pl, True, cluster, spec))

    for _ in range(n_pet_pair):
        lines.append(g.pet_pair())

    for name, spec in COLOURS:
        for _ in range(n_colour):
            lines.append(g.colour(name, spec))

    n_filler = len(lines) // 3
    for _ in range(n_filler):
        lines.append(g.filler())

    rng.shuffle(lines)
    return lines


def analogy_sections():
    """Question sections in the Google analogy format.

    compute-accuracy (from the original word2vec) counts the first five
    sections as semantic and the rest as syntactic, so the five semantic
    sections come first and the syntactic one is named like Google's gram*.
    """
    family = [(m, f) for m, f, cat, _ in GENDER_PAIRS if cat == "family"]
    others = [(m, f) for m, f, cat, _ in GENDER_PAIRS if cat != "family"]
    sections = [
        ("capital-country", [(row[1], row[0]) for row in COUNTRIES]),
        ("country-language", [(row[0], row[2]) for row in COUNTRIES]),
        ("capital-language", [(row[1], row[2]) for row in COUNTRIES]),
        ("family", family),
        ("gender", others),
        ("gram-plural", [(sg, pl) for sg, pl, _, _ in NOUNS]),
    ]
    out = []
    for name, pairs in sections:
        out.append(": " + name)
        for a, b in pairs:
            for c, d in pairs:
                if a != c:
                    out.append("%s %s %s %s" % (a, b, c, d))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the number of sentences (default %(default)s)")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out-dir", default=os.path.join(os.path.dirname(here), "data"),
                    help="output folder (default: data/ in the repository)")
    args = ap.parse_args()

    os.makedirs(args.out_dir, exist_ok=True)
    lines = build_corpus(args.seed, args.scale)
    corpus = os.path.join(args.out_dir, "demo-corpus.txt")
    with open(corpus, "w", encoding="ascii", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")
    questions = os.path.join(args.out_dir, "demo-questions.txt")
    q = analogy_sections()
    with open(questions, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(q) + "\n")
    words = sum(len(line.split()) for line in lines)
    print("%s: %d sentences, %d words, %d bytes" % (corpus, len(lines), words, os.path.getsize(corpus)))
    print("%s: %d questions" % (questions, sum(1 for x in q if not x.startswith(":"))))


if __name__ == "__main__":
    main()
