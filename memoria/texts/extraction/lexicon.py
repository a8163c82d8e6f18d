"""Words the rules look for, in Kazakh, Russian, English and French: ranks, roles, the letters
of names, surname and patronymic endings, case endings that follow a name.

Lists, not logic: the modules for people, units and places build their patterns from them.
"""

from __future__ import annotations

import re

UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁӘҒҚҢӨҰҮҺІЇЄЎ"
LOWER = "a-zß-öø-ÿā-žа-яёәғқңөұүһіїєў"
APOSTROPHES = "'’ʼ"
#: A capitalised word (a name's token), hyphenated parts each capitalised or not (Kassym-Jomart, de-Gaulle).
NAME_WORD = rf"[{UPPER}][{LOWER}{APOSTROPHES}]+(?:-[{UPPER}{LOWER}][{LOWER}{APOSTROPHES}]+)*"
#: An initial: "M.", "М.", "Zh.", "Ж."; two of them may stand together ("А.Б.").
INITIAL = rf"(?:[{UPPER}][{LOWER}]?\.)"
INITIALS = rf"{INITIAL}(?:\s?{INITIAL}){{0,2}}"
#: Particles inside a name: Charles de Gaulle, Jean de La Fontaine, Abd al-Rahman.
PARTICLES = {"de", "du", "des", "d'", "d’", "van", "von", "der", "la", "le", "al", "ibn", "bin", "da", "di"}

# Endings of Kazakh and Russian surnames and patronymics, in Cyrillic and in the usual Latin
# spellings; a Cyrillic word may carry a Russian case ending or a Kazakh suffix after them.
SURNAME_CYR = r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|баев|бекова|бекова|ұлы|улы|қызы|кызы)"
PATRONYMIC_CYR = r"(?:ович|евич|ич|овна|евна|ична|инична|ұлы|улы|қызы|кызы)"
RU_CASE_ENDINGS = "а|у|ым|ом|е|ой|ою|ых|ыми|им|ого|ему|ую|ая"
KK_SUFFIXES = ("тың|тің|дың|дің|ның|нің|қа|ке|ға|ге|та|те|да|де|тан|тен|дан|ден|нан|нен|ты|ті|ды|ді|ны|ні|"
               "пен|мен|бен|тар|тер|дар|дер|лар|лер|тардың|тердің|дардың|дердің|ің|ың")
RU_CASE = rf"(?:{RU_CASE_ENDINGS})?"
KK_SUFFIX = rf"(?:{KK_SUFFIXES})?"
SURNAME_LAT = r"(?:ov|ev|yev|iev|ova|eva|yeva|off|eff|ine|enko|uly|ulu|kyzy|qyzy|skiy|sky|ski|skaya|baev|bayev)"
PATRONYMIC_LAT = r"(?:ovich|evich|ovitch|evitch|ovna|evna|uly|ulu|kyzy|qyzy)"

CYR_SURNAME_WORD = re.compile(rf"^[{UPPER}][{LOWER}\-]+{SURNAME_CYR}{RU_CASE}{KK_SUFFIX}$")
CYR_PATRONYMIC_WORD = re.compile(rf"^[{UPPER}][{LOWER}]+{PATRONYMIC_CYR}{RU_CASE}{KK_SUFFIX}$")
LAT_SURNAME_WORD = re.compile(rf"^[{UPPER}][{LOWER}\-]+{SURNAME_LAT}$")
#: -in/-ina (Haymurzina, Putin) is a surname's ending only next to a given name: alone it is
#: as often a place or a common word (Berlin, Argentina).
LAT_PAIRED_SURNAME_WORD = re.compile(rf"^[{UPPER}][{LOWER}\-]+(?:in|ina|yn|yna)$")
LAT_PATRONYMIC_WORD = re.compile(rf"^[{UPPER}][{LOWER}]+{PATRONYMIC_LAT}$")
#: ұлы / қызы written apart: "Омар ұлы", "Omar uly".
SEPARATE_PATRONYMIC = {"ұлы", "улы", "қызы", "кызы", "uly", "ulu", "kyzy", "qyzy"}

# Ranks, longest first inside each language so that "генерал-майор" wins over "генерал".
RANKS = {
    "ru": ["генерал армии", "генерал-полковник", "генерал-лейтенант", "генерал-майор", "маршал",
           "генерал", "полковник", "подполковник", "майор", "капитан", "старший лейтенант",
           "младший лейтенант", "лейтенант", "старшина", "старший сержант", "младший сержант", "сержант",
           "ефрейтор", "рядовой", "красноармеец", "командир", "комиссар", "политрук"],
    "kk": ["армия генералы", "генерал-полковник", "генерал-лейтенант", "генерал-майор", "маршал",
           "генерал", "полковник", "подполковник", "майор", "капитан", "аға лейтенант", "кіші лейтенант",
           "лейтенант", "старшина", "аға сержант", "кіші сержант", "сержант", "ефрейтор", "қатардағы жауынгер",
           "командир", "комиссар", "саяси жетекші"],
    "en": ["general of the army", "lieutenant general", "major general", "brigadier general",
           "lieutenant colonel", "general", "colonel", "major", "captain", "senior lieutenant",
           "junior lieutenant", "second lieutenant", "first lieutenant", "lieutenant", "sergeant major",
           "senior sergeant", "junior sergeant", "sergeant", "corporal", "private", "marshal", "commander",
           "commissar", "lt.", "col.", "gen.", "capt.", "sgt."],
    "fr": ["général de brigade", "général de division", "général de corps d'armée", "général d'armée",
           "lieutenant-colonel", "sous-lieutenant", "général", "colonel", "commandant", "capitaine",
           "lieutenant", "adjudant-chef", "adjudant", "sergent-chef", "sergent", "caporal-chef", "caporal",
           "soldat", "maréchal", "commissaire", "chef"],
}
#: Kazakh plural and possessive forms of a rank (генерал-майоры, полковнигі ...): any Kazakh suffix.
RANK_KK_SUFFIX = r"(?:ы|і|сы|сі|лар|лер|дар|дер|тар|тер|ның|нің|тың|тің|дың|дің|ға|ге|қа|ке|на|не)?"

# Roles the text gives a person (what they were or did), looked for just before or after the name.
ROLES = {
    "ru": ["посол", "военный атташе", "атташе", "президент", "ветеран", "партизан", "партизанка",
           "участник", "командир", "председатель", "заместитель председателя", "директор", "историк",
           "журналист", "писатель", "поэт", "боец", "солдат", "разведчик", "радист", "врач", "санитарка",
           "Герой Советского Союза", "народный герой", "министр", "аким", "депутат"],
    "kk": ["елші", "әскери атташе", "президент", "ардагер", "партизан", "қатысушы", "командир",
           "төраға", "төрағаның орынбасары", "директор", "тарихшы", "журналист", "жазушы", "ақын",
           "жауынгер", "барлаушы", "радист", "дәрігер", "Кеңес Одағының Батыры", "Халық Қаһарманы",
           "министр", "әкім", "депутат"],
    "en": ["ambassador", "military attaché", "attaché", "president", "veteran", "partisan", "participant",
           "commander", "chairman", "deputy chairman", "director", "historian", "journalist", "writer",
           "poet", "soldier", "scout", "radio operator", "nurse", "doctor", "Hero of the Soviet Union",
           "People's Hero", "minister", "member", "resistance fighter", "fighter"],
    "fr": ["ambassadeur", "attaché militaire", "attaché", "président", "vétéran", "partisan", "résistant",
           "résistante", "maquisard", "participant", "commandant", "directeur", "directrice", "historien",
           "historienne", "journaliste", "écrivain", "poète", "soldat", "éclaireur", "radio", "infirmière",
           "médecin", "Héros de l'Union soviétique", "ministre", "combattant"],
}

#: Words that begin a sentence or a title with a capital and are no name.
NOT_NAMES = {
    "en": set("the a an in on at of and but for from with by during after before this that these those "
              "his her their its our we they he she it there here when where while as among however "
              "then thus also soviet french kazakh kazakhstani russian german american british allied "
              "red army war world second first great patriotic victory day museum exhibition "
              "republic president general colonel major captain lieutenant sergeant private "
              "january february march april may june july august september october november december "
              "monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr st "
              "hero heroes order medal union resistance partisans partisan armed forces military deputy "
              "chairman supreme commander chief ambassador attaché extraordinary plenipotentiary veteran "
              "veterans national center centre hall century fifth state ministry defence defense city "
              "region district village street square memorial monument he she mr".split()),
    "fr": set("le la les l un une des de du d et en au aux dans par pour sur avec pendant après avant "
              "ce cette ces son sa ses leur leurs il elle ils elles nous on lors mais puis ainsi "
              "soviétique soviétiques français française kazakh kazakhs kazakhe allemand allemands "
              "armée guerre mondiale seconde grande victoire musée exposition république président "
              "général colonel commandant capitaine lieutenant sergent soldat "
              "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
              "héros ordre médaille union résistance partisans partisan monsieur madame m mme saint "
              "forces armées militaire ambassadeur attaché extraordinaire plénipotentiaire vétéran "
              "vétérans national nationale centre salle siècle ministère défense ville région village "
              "rue place mémorial monument".split()),
    "ru": set("в во на и с со к по за из от до при о об это этот эта эти он она они его её их мы "
              "но а же также когда где после перед во время советский советские казахстанский "
              "великой отечественной войны война музей выставка республика президент генерал "
              "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь "
              "герой героя орден медаль союз союза вооруженных вооружённых сил посол атташе ветеран "
              "ветеранов министерство обороны центр зал век города город область района село улица".split()),
    "kk": set("және мен бұл осы ол олар біз сол кезде соң кейін бойынша туралы үшін кеңес кеңестік "
              "қазақстан ұлы отан соғысы соғыс мұражай көрме республика президент генерал "
              "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан "
              "батыр батыры орден медаль одағы қарсыласу қозғалысы қарулы күштері күштерінің елші атташе ардагер ардагерлері "
              "министрлігі қорғаныс орталығы зал ғасыр қала қаласы облысы ауданы ауылы көшесі".split()),
}

# Honorary titles that hold a country's name or a word like a name but name no place or person:
# a mention inside one is dropped ("Hero of the Soviet Union" is no mention of the Soviet Union).
TITLES = {
    "en": [r"Heroe?s?\sof\sthe\sSoviet\sUnion", r"Heroe?s?\sof\sSocialist\sLabou?r", r"People's\sHero(?:es)?",
           r"Halyk\sKaharmany", r"Hero\sof\sKazakhstan"],
    "fr": [r"[Hh]éros\sde\sl['’]Union\ssoviétique", r"[Hh]éros\sdu\s[Tt]ravail\ssocialiste", r"Halyk\sKaharmany"],
    "ru": [r"[Гг]еро\w*\sСоветского\sСоюза", r"[Гг]еро\w*\sСоциалистического\sТруда", r"Халық\s[Ққ]аһарманы\w*",
           r"[Нн]ародн\w+\sгеро\w+", r"[Гг]еро\w*\sКазахстана"],
    "kk": [r"Кеңес\sОдағының\s[Бб]атыры\w*", r"Социалистік\sЕңбек\sЕрі\w*", r"Халық\s[Ққ]аһарманы\w*",
           r"Қазақстанның\sБатыры\w*", r"Халық\sҚаһарманы\w*"],
}
