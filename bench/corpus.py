"""Swedish text for generated tickets: subjects, descriptions and replies from templates.

Everything is combined at random (seeded) from a few hundred phrases, so the search index
sees a realistic vocabulary: municipal systems, devices, places and everyday desk talk.
The rare word (``RARE_WORD``) appears only in ``RARE_SENTENCE``; nothing else contains it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

RARE_WORD = "kalibreringsfel"
RARE_SENTENCE = "Mätinstrumentet i labbsalen visar kalibreringsfel sedan uppdateringen i morse."
# A word found in many tickets (printers are everywhere), for an informational search.
COMMON_WORD = "skrivaren"

SYSTEMS = [
    "Procapita",
    "Treserva",
    "Visma Window",
    "Tieto Edu",
    "Unikum",
    "Public 360",
    "Lifecare",
    "Heroma",
    "Raindance",
    "Outlook",
    "Teams",
    "OneDrive",
    "SharePoint",
    "Citrix",
    "Platina",
    "Ciceron",
    "W3D3",
    "Skolplattformen",
    "Hypergene",
    "Agresso",
    "Combine",
    "Medvind",
    "Time Care",
    "Phoniro",
    "TES",
    "Adobe Acrobat",
    "Intranätet",
    "Vklass",
    "Schoolsoft",
    "Alvis",
    "Nationell patientöversikt",
    "Pascal",
]
DEVICES = [
    "skrivaren",
    "projektorn",
    "dockningsstationen",
    "skärmen",
    "tangentbordet",
    "headsetet",
    "datorn",
    "den bärbara datorn",
    "surfplattan",
    "Chromebooken",
    "kortläsaren",
    "scannern",
    "kopiatorn",
    "webbkameran",
    "högtalaren",
    "musen",
    "laddaren",
    "konferenstelefonen",
    "den interaktiva skrivtavlan",
]
PLACES = [
    "Centrumskolan",
    "kommunhuset plan 2",
    "kommunhuset plan 4",
    "äldreboendet Solgården",
    "biblioteket",
    "förskolan Solrosen",
    "hemtjänsten norra",
    "gymnasiet",
    "fritidsgården",
    "socialkontoret",
    "Tånga skola",
    "Ekbackens förskola",
    "LSS-boendet Björken",
    "räddningstjänsten",
    "simhallen",
    "medborgarkontoret",
    "kulturhuset",
    "Vallaskolan",
    "ekonomienheten",
    "miljö- och byggkontoret",
    "Lindgårdens vårdboende",
    "stadshuset entréplan",
    "Norrskolan",
    "kommunförrådet",
    "ungdomsmottagningen",
]
ROLES = [
    "undersköterska",
    "lärare",
    "handläggare",
    "enhetschef",
    "bibliotekarie",
    "sjuksköterska",
    "ekonom",
    "socialsekreterare",
    "förskollärare",
    "vaktmästare",
    "nämndsekreterare",
    "planarkitekt",
]
HARDWARE = ["dator", "skärm", "mobiltelefon", "headset", "dockningsstation", "surfplatta", "tangentbord"]


@dataclass(frozen=True)
class CategorySpec:
    name: str
    unit: str  # unit code
    weight: float
    kinds: tuple[str, ...]
    subjects: tuple[str, ...]
    openings: tuple[str, ...]


CATEGORIES = [
    CategorySpec(
        "Lösenord och inloggning",
        "SD",
        14,
        ("incident",),
        (
            "Kan inte logga in i {system}",
            "Lösenordet har gått ut",
            "Kontot är låst efter flera felaktiga försök",
            "Glömt lösenordet till {system}",
            "BankID-inloggningen fungerar inte i {system}",
            "Tvåstegsverifieringen kommer inte fram",
        ),
        (
            "Jag försöker logga in i {system} men får meddelandet att kontot är spärrat.",
            "Sedan i morse kommer jag inte in i {system}, det står att lösenordet är fel.",
            "Min kollega på {place} kan inte logga in och behöver hjälp snabbt.",
            "Jag har bytt telefon och får inte längre någon kod för att logga in.",
        ),
    ),
    CategorySpec(
        "Behörighet",
        "SD",
        10,
        ("request",),
        (
            "Behörighet till {system} för ny medarbetare",
            "Ändrad behörighet i {system}",
            "Behöver läsrättighet till gemensam mapp på {place}",
            "Ta bort behörighet för avslutad anställning",
            "Ny {role} behöver konto och behörigheter",
        ),
        (
            "Vi har en ny {role} som börjar på måndag och behöver åtkomst till {system}.",
            "En {role} på {place} har bytt tjänst och ska ha andra rättigheter i {system}.",
            "Jag som chef godkänner att behörigheten ändras enligt nedan.",
            "Personen har slutat och kontot ska avslutas från och med fredag.",
        ),
    ),
    CategorySpec(
        "E-post och kalender",
        "SD",
        8,
        ("incident", "question"),
        (
            "Outlook synkar inte kalendern",
            "Kan inte skicka e-post till extern mottagare",
            "Delad brevlåda syns inte i Outlook",
            "Mötesinbjudningar försvinner",
            "Fråga om autosvar under semestern",
            "E-post hamnar i skräpposten",
        ),
        (
            "Kalendern i telefonen visar inte samma möten som i datorn.",
            "När jag skickar e-post till en leverantör kommer det tillbaka ett felmeddelande.",
            "Vi på {place} ser inte längre den gemensamma brevlådan.",
            "Hur ställer jag in autosvar så att det gäller både internt och externt?",
        ),
    ),
    CategorySpec(
        "Skrivare och utskrift",
        "KL",
        11,
        ("incident",),
        (
            "Skrivaren på {place} skriver inte ut",
            "Pappersstopp i skrivaren på {place}",
            "Utskrifter fastnar i kön",
            "Skrivaren skriver ut tomma sidor",
            "Kan inte skanna till e-post från kopiatorn",
            "Ny skrivare behöver installeras på {place}",
        ),
        (
            "Skrivaren på {place} tar emot jobben men det kommer inget papper.",
            "Det blinkar orange på skrivaren och displayen säger att det är pappersstopp.",
            "Alla utskrifter ligger kvar i kön och går inte att ta bort.",
            "När vi skannar från kopiatorn kommer det aldrig fram något mejl.",
        ),
    ),
    CategorySpec(
        "Dator och kringutrustning",
        "KL",
        13,
        ("incident", "request"),
        (
            "{device} fungerar inte",
            "Datorn är mycket långsam",
            "Blåskärm när jag startar datorn",
            "Beställning av ny {hardware} till {role}",
            "{device} på {place} startar inte",
            "Ingen bild i {device}",
            "Datorn startar om hela tiden",
        ),
        (
            "{device} har slutat fungera och jag har provat att starta om.",
            "Datorn tar flera minuter att starta och programmen hänger sig hela tiden.",
            "Vi behöver en ny {hardware} till en {role} som börjar nästa vecka.",
            "På {place} är det {device} i det stora mötesrummet som krånglar.",
        ),
    ),
    CategorySpec(
        "Programvara",
        "KL",
        7,
        ("request", "incident"),
        (
            "Installera {system} på min dator",
            "Uppdatering av {system} misslyckas",
            "Licens för Adobe Acrobat",
            "Programmet kraschar när jag öppnar filer",
            "Önskar installation av ny programvara",
        ),
        (
            "Jag behöver {system} installerat för mitt arbete som {role}.",
            "Uppdateringen startar men avbryts efter en stund med ett felmeddelande.",
            "När jag öppnar en fil från den gemensamma mappen stängs programmet direkt.",
            "Vi har fått godkänt av chefen att köpa en licens.",
        ),
    ),
    CategorySpec(
        "Nätverk och wifi",
        "NI",
        9,
        ("incident",),
        (
            "Inget nätverk på {place}",
            "Wifi fungerar inte på {place}",
            "Långsamt nätverk på {place}",
            "VPN-anslutningen bryts hela tiden",
            "Gästnätet fungerar inte",
            "Nätverksuttag i mötesrum är dött",
        ),
        (
            "Sedan i morse har ingen på {place} kommit ut på nätet.",
            "Det trådlösa nätverket syns men det går inte att ansluta.",
            "När jag jobbar hemifrån tappar jag VPN var tionde minut.",
            "Eleverna på {place} kommer inte ut på internet med sina Chromebooks.",
        ),
    ),
    CategorySpec(
        "Server och lagring",
        "NI",
        4,
        ("incident", "request"),
        (
            "Gemensam mapp går inte att öppna",
            "Återställning av raderad fil",
            "Mer lagringsutrymme till {place}",
            "Hemkatalogen är full",
        ),
        (
            "Jag råkade radera en mapp i den gemensamma katalogen och behöver den tillbaka.",
            "Vi får meddelandet att det inte finns något utrymme kvar.",
            "Den gemensamma mappen för {place} går inte att öppna från någon dator.",
            "Kan ni återställa filen till hur den såg ut i förrgår?",
        ),
    ),
    CategorySpec(
        "Verksamhetssystem",
        "VS",
        15,
        ("incident", "question", "request"),
        (
            "Felmeddelande i {system}",
            "{system} är långsamt",
            "Kan inte attestera fakturor i {system}",
            "Rapport i {system} visar fel siffror",
            "Fråga om ny funktion i {system}",
            "{system} går inte att starta",
            "Integration mellan {system} och {system2} har stannat",
        ),
        (
            "När jag sparar en journalanteckning i {system} får jag ett felmeddelande.",
            "{system} har varit väldigt långsamt hela förmiddagen för oss på {place}.",
            "Rapporten för förra månaden visar andra siffror än den vi tog ut i går.",
            "Sedan uppdateringen i helgen går det inte att starta {system}.",
        ),
    ),
    CategorySpec(
        "Mobiltelefoni",
        "TE",
        6,
        ("request", "incident"),
        (
            "Ny mobiltelefon till {role}",
            "Mobilen tar inte emot samtal",
            "Byte av SIM-kort",
            "Mobilt BankID på tjänstetelefonen",
            "Telefonen är trasig efter tapp",
        ),
        (
            "Jag har tappat telefonen och skärmen är sprucken.",
            "Samtal till mitt mobilnummer går direkt till röstbrevlådan.",
            "Vi behöver beställa en ny telefon till en {role} på {place}.",
            "Det står att SIM-kortet saknas fast det sitter i.",
        ),
    ),
    CategorySpec(
        "Växel och telefoni",
        "TE",
        3,
        ("incident", "request"),
        (
            "Vidarekoppling fungerar inte",
            "Ändra hänvisning i växeln",
            "Köfunktion för {place}",
            "Röstbrevlådan går inte att lyssna av",
        ),
        (
            "Samtal till vår grupp på {place} kopplas inte vidare när vi är upptagna.",
            "Vi vill ändra öppettiderna i växeln inför helgerna.",
            "Jag kommer inte åt mina röstmeddelanden.",
            "Kön till receptionen behöver en ny hälsningsfras.",
        ),
    ),
    CategorySpec(
        "Informationssäkerhet",
        "IS",
        4,
        ("incident", "question"),
        (
            "Misstänkt nätfiske i e-post",
            "Klickade på en länk i ett misstänkt mejl",
            "Förlorad dator med känslig information",
            "Fråga om kryptering av USB-minne",
            "Personuppgiftsincident på {place}",
        ),
        (
            "Jag fick ett mejl som ser ut att komma från banken och klickade på länken.",
            "En dator har glömts på bussen och den innehåller uppgifter om brukare.",
            "Vi behöver skicka känsliga handlingar och undrar hur de ska krypteras.",
            "Det har kommit ett mejl som ber oss byta lösenord via en okänd sida.",
        ),
    ),
]

DETAILS = [
    "Felet uppstod först i går eftermiddag.",
    "Det gäller både mig och två kollegor.",
    "Jag har provat att starta om datorn men det hjälpte inte.",
    "Felmeddelandet säger att tjänsten inte svarar.",
    "Det fungerar på en annan dator i samma rum.",
    "Vi har ett möte klockan tio där vi behöver det.",
    "Problemet kommer och går under dagen.",
    "Jag bifogar en skärmdump av felet.",
    "Det började efter att datorn uppdaterades i natt.",
    "Jag sitter i rum 214 och nås på anknytning 4431.",
    "Ärendet är brådskande eftersom vi har utbetalningar i dag.",
    "Det är inte kritiskt men stör arbetet.",
    "Vi är fem personer på enheten som berörs.",
    "Jag har redan kontrollerat att kablarna sitter i.",
    "Samma sak hände för några veckor sedan.",
    "Jag arbetar hemifrån i dag.",
    "Jag har rensat webbläsarens cache utan resultat.",
    "Felet visas bara när jag är ansluten via VPN.",
    "Det gäller samtliga användare på {place}.",
    "Vår {role} kan inte dokumentera förrän det är löst.",
    "Jag har provat med både Edge och Chrome.",
    "Inloggningen fungerar i mobilen men inte i datorn.",
    "Lampan på nätverksuttaget lyser inte.",
    "Det står felkod 0x80070005 i rutan som kommer upp.",
    "Programmet fryser i ungefär en minut och sedan går det igen.",
    "Det gäller rapporten för kvartal tre.",
    "Vi behöver det klart innan löneköringen på torsdag.",
    "Eleverna har prov i morgon så det är bråttom.",
    "Kan någon komma ut till {place}?",
    "Jag har pratat med min chef som godkänner beställningen.",
    "Kostnadsstället är 4120.",
    "Leveransadressen är {place}.",
    "Jag har inte ändrat några inställningar själv.",
    "Det verkar som att det bara drabbar äldre datorer.",
    "Skrivaren visar meddelandet att tonern snart är slut.",
    "I {system} står det att sessionen har gått ut.",
]
CLOSINGS = [
    "Tack på förhand!",
    "Tacksam för snabb hjälp.",
    "Hör av er om ni behöver mer information.",
    "Ring gärna om något är oklart.",
    "Tack för hjälpen!",
    "Jag finns på plats hela dagen.",
    "Ha en bra dag.",
    "Meddela när det är åtgärdat.",
]
AGENT_REPLIES = [
    "Hej! Vi har tagit emot ditt ärende och tittar på det under dagen.",
    "Hej! Vi har återställt ditt lösenord. Du får ett sms med ett tillfälligt lösenord.",
    "Vi har lagt till behörigheten. Logga ut och in igen så ska den synas.",
    "Kan du prova att starta om datorn och se om felet kvarstår?",
    "Vi har skickat en tekniker till {place} som kommer under eftermiddagen.",
    "Felet berodde på en certifikatuppdatering som nu är åtgärdad.",
    "Vi har kontaktat leverantören av {system} och inväntar svar.",
    "Den nya utrustningen är beställd och levereras inom fem arbetsdagar.",
    "Skrivaren är omstartad och kön är rensad. Prova gärna igen.",
    "Filen är återställd från gårdagens säkerhetskopia.",
    "Vi har bytt nätverksport och det ska fungera nu.",
    "Kan du skicka en skärmdump av felmeddelandet?",
    "Vi stänger ärendet. Återkom om problemet kommer tillbaka.",
    "Programmet är installerat via programkatalogen. Det syns efter omstart.",
    "Vi har rensat profilen och loggat in på nytt, nu synkar kalendern.",
    "Tack för att du rapporterade mejlet. Vi har blockerat avsändaren.",
    "Det var ett känt fel i {system} som leverantören har rättat i kväll.",
    "Vidarekopplingen är ändrad enligt önskemål.",
    "Vi har ökat lagringsutrymmet för mappen.",
    "Telefonen skickas till din arbetsplats med internposten.",
    "Vi behöver chefens godkännande innan vi kan gå vidare.",
    "Jag har uppdaterat drivrutinen för {device}, prova nu.",
]
REQUESTER_REPLIES = [
    "Tack, nu fungerar det!",
    "Det fungerar tyvärr fortfarande inte.",
    "Jag har startat om men samma fel kommer.",
    "Här kommer en skärmdump av felet.",
    "Min chef har godkänt, se mejlet nedan.",
    "Tack för snabb hjälp!",
    "Det fungerade en stund men nu är felet tillbaka.",
    "Teknikern var här och allt är löst.",
    "Jag är på plats fram till klockan fyra.",
    "Bra, då väntar vi på leveransen.",
]
NOTES = ["", "", "", "Felsökning på distans", "Besök på plats", "Kontakt med leverantör", "Installation"]

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Sara",
    "Anders",
    "Eva",
    "Per",
    "Lena",
    "Mikael",
    "Emma",
    "Fredrik",
    "Kristina",
    "Jonas",
    "Elin",
    "Magnus",
    "Ingrid",
    "Oskar",
    "Sofia",
    "Nils",
    "Maja",
    "Ahmed",
    "Fatima",
    "Hanna",
    "Gustav",
    "Linnea",
    "Ali",
    "Ebba",
    "Viktor",
    "Amira",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindqvist",
    "Berg",
    "Holm",
    "Sandberg",
    "Ek",
    "Lund",
    "Hassan",
    "Mohammed",
    "Björk",
    "Wallin",
    "Forsberg",
]


def _fill(rng: random.Random, text: str) -> str:
    if "{" not in text:
        return text
    system = rng.choice(SYSTEMS)
    return text.format(
        system=system,
        system2=rng.choice([s for s in SYSTEMS if s != system]),
        device=rng.choice(DEVICES),
        place=rng.choice(PLACES),
        role=rng.choice(ROLES),
        hardware=rng.choice(HARDWARE),
    )


class TextGenerator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.weights = [c.weight for c in CATEGORIES]

    def category(self) -> CategorySpec:
        return self.rng.choices(CATEGORIES, self.weights)[0]

    def subject(self, category: CategorySpec) -> str:
        text = _fill(self.rng, self.rng.choice(category.subjects))
        return text[0].upper() + text[1:]

    def description(self, category: CategorySpec, signature: str, rare: bool) -> str:
        rng = self.rng
        parts = ["Hej!", _fill(rng, rng.choice(category.openings))]
        parts += [_fill(rng, d) for d in rng.sample(DETAILS, rng.randint(1, 4))]
        if rare:
            parts.insert(rng.randint(2, len(parts)), RARE_SENTENCE)
        parts.append(rng.choice(CLOSINGS))
        return " ".join(parts) + "\n\nMvh " + signature

    def agent_reply(self, signature: str) -> str:
        return f"{_fill(self.rng, self.rng.choice(AGENT_REPLIES))}\n\nMvh {signature}, IT-servicedesk"

    def requester_reply(self) -> str:
        return _fill(self.rng, self.rng.choice(REQUESTER_REPLIES))

    def note(self) -> str:
        return self.rng.choice(NOTES)
