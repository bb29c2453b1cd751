//! Static catalogues the generator draws from: German public buyers (with their
//! Regionalschlüssel, the coarse part of a Leitweg-ID), fictitious German
//! sellers by trade, and the goods and services each trade sells. Names of
//! companies and people are invented; municipality names, Regionalschlüssel
//! and post codes are public facts.

/// A public buyer: name, Regionalschlüssel, street, post code, city, Land.
pub struct Buyer {
    pub name: &'static str,
    pub ars: &'static str,
    pub street: &'static str,
    pub postcode: &'static str,
    pub city: &'static str,
    pub land: &'static str,
}

pub static BUYERS: &[Buyer] = &[
    Buyer {
        name: "Landeshauptstadt Stuttgart",
        ars: "08111000",
        street: "Marktplatz 1",
        postcode: "70173",
        city: "Stuttgart",
        land: "Baden-Württemberg",
    },
    Buyer {
        name: "Stadt Freiburg im Breisgau",
        ars: "08311000",
        street: "Rathausplatz 2-4",
        postcode: "79098",
        city: "Freiburg im Breisgau",
        land: "Baden-Württemberg",
    },
    Buyer {
        name: "Stadt Heidelberg",
        ars: "08221000",
        street: "Marktplatz 10",
        postcode: "69117",
        city: "Heidelberg",
        land: "Baden-Württemberg",
    },
    Buyer {
        name: "Bundesstadt Bonn",
        ars: "05314000",
        street: "Berliner Platz 2",
        postcode: "53111",
        city: "Bonn",
        land: "Nordrhein-Westfalen",
    },
    Buyer {
        name: "Stadt Münster",
        ars: "05515000",
        street: "Klemensstraße 10",
        postcode: "48143",
        city: "Münster",
        land: "Nordrhein-Westfalen",
    },
    Buyer {
        name: "Hansestadt Lübeck",
        ars: "01003000",
        street: "Breite Straße 62",
        postcode: "23552",
        city: "Lübeck",
        land: "Schleswig-Holstein",
    },
    Buyer {
        name: "Stadt Leipzig",
        ars: "14713000",
        street: "Martin-Luther-Ring 4-6",
        postcode: "04109",
        city: "Leipzig",
        land: "Sachsen",
    },
    Buyer {
        name: "Stadt Kassel",
        ars: "06611000",
        street: "Obere Königsstraße 8",
        postcode: "34117",
        city: "Kassel",
        land: "Hessen",
    },
    Buyer {
        name: "Landeshauptstadt Mainz",
        ars: "07315000",
        street: "Jockel-Fuchs-Platz 1",
        postcode: "55116",
        city: "Mainz",
        land: "Rheinland-Pfalz",
    },
    Buyer {
        name: "Landeshauptstadt Erfurt",
        ars: "16051000",
        street: "Fischmarkt 1",
        postcode: "99084",
        city: "Erfurt",
        land: "Thüringen",
    },
    Buyer {
        name: "Landeshauptstadt Potsdam",
        ars: "12054000",
        street: "Friedrich-Ebert-Straße 79/81",
        postcode: "14469",
        city: "Potsdam",
        land: "Brandenburg",
    },
    Buyer {
        name: "Hanse- und Universitätsstadt Rostock",
        ars: "13003000",
        street: "Neuer Markt 1",
        postcode: "18055",
        city: "Rostock",
        land: "Mecklenburg-Vorpommern",
    },
    Buyer {
        name: "Stadt Augsburg",
        ars: "09761000",
        street: "Rathausplatz 1",
        postcode: "86150",
        city: "Augsburg",
        land: "Bayern",
    },
    Buyer {
        name: "Stadt Regensburg",
        ars: "09362000",
        street: "Rathausplatz 1",
        postcode: "93047",
        city: "Regensburg",
        land: "Bayern",
    },
    Buyer {
        name: "Landkreis Esslingen",
        ars: "08116",
        street: "Pulverwiesen 11",
        postcode: "73728",
        city: "Esslingen am Neckar",
        land: "Baden-Württemberg",
    },
    Buyer {
        name: "Gemeinde Kirchheim b. München",
        ars: "091840129",
        street: "Münchner Straße 6",
        postcode: "85551",
        city: "Kirchheim b. München",
        land: "Bayern",
    },
];

/// Offices of a municipality that order and receive goods (fine addressing of the Leitweg-ID,
/// delivery places).
pub static OFFICES: &[(&str, &str)] = &[
    ("A6899", "Amt für Schule und Bildung"),
    ("40", "Schulverwaltungsamt"),
    ("37FW", "Feuerwehr"),
    ("66TBA", "Tiefbauamt"),
    ("67", "Grünflächenamt"),
    ("10HA", "Hauptamt"),
    ("BAUHOF1", "Städtischer Bauhof"),
    ("51JUG", "Jugendamt"),
];

pub static SITES: &[&str] = &[
    "Grundschule am Stadtpark",
    "Feuerwache Nord",
    "Städtischer Bauhof",
    "Kita Sonnenblume",
    "Bürgerbüro Mitte",
    "Gymnasium am Schlossberg",
    "Klärwerk Süd",
    "Stadtbibliothek",
];

pub static STREETS: &[&str] = &[
    "Industriestraße",
    "Gewerbepark",
    "Hauptstraße",
    "Bahnhofstraße",
    "Lindenweg",
    "Am Hafen",
    "Robert-Bosch-Straße",
    "Mühlenweg",
    "Schillerstraße",
    "Gartenstraße",
];

/// Seller home towns: city, post code, Land.
pub static TOWNS: &[(&str, &str, &str)] = &[
    ("Karlsruhe", "76131", "Baden-Württemberg"),
    ("Köln", "50667", "Nordrhein-Westfalen"),
    ("Nürnberg", "90402", "Bayern"),
    ("Hannover", "30159", "Niedersachsen"),
    ("Dresden", "01067", "Sachsen"),
    ("Bremen", "28195", "Bremen"),
    ("Ulm", "89073", "Baden-Württemberg"),
    ("Würzburg", "97070", "Bayern"),
];

pub static FIRST_NAMES: &[&str] = &[
    "Anna", "Jonas", "Lea", "Lukas", "Sophie", "Felix", "Marie", "Paul", "Jürgen", "Björn",
];
pub static LAST_NAMES: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schäfer",
    "Groß",
];

/// A trade: how sellers of it are called and what they sell.
pub struct Trade {
    pub names: &'static [&'static str],
    pub products: &'static [Product],
}

/// Goods or a service: name, unit (UN/ECE Rec 20), price range in cents, VAT kind.
pub struct Product {
    pub name: &'static str,
    pub unit: &'static str,
    pub min_cents: u64,
    pub max_cents: u64,
    pub vat: Kind,
}

/// Which VAT treatment an item gets in a domestic sale.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 19 %.
    Full,
    /// 7 % (books, food).
    Reduced,
    /// 0 % for photovoltaic modules (§ 12 Abs. 3 UStG).
    Zero,
    /// Exempt education (§ 4 Nr. 21 UStG).
    Exempt,
}

const fn p(
    name: &'static str,
    unit: &'static str,
    min_cents: u64,
    max_cents: u64,
    vat: Kind,
) -> Product {
    Product {
        name,
        unit,
        min_cents,
        max_cents,
        vat,
    }
}

pub static OFFICE: Trade = Trade {
    names: &[
        "Bürobedarf Schmidt GmbH",
        "Papier & Büro Wagner KG",
        "Office-Depot Süd GmbH",
    ],
    products: &[
        p(
            "Kopierpapier A4, 80 g/m², 500 Blatt",
            "C62",
            399,
            699,
            Kind::Full,
        ),
        p("Ordner DIN A4, 8 cm, blau", "C62", 189, 349, Kind::Full),
        p(
            "Kugelschreiber <Business>, 10er-Pack",
            "SET",
            450,
            1290,
            Kind::Full,
        ),
        p(
            "Duden – Die deutsche Rechtschreibung",
            "C62",
            2800,
            3200,
            Kind::Reduced,
        ),
        p("Tonerkartusche schwarz", "C62", 4900, 12900, Kind::Full),
        p("Haftnotizen 76 × 76 mm", "SET", 290, 890, Kind::Full),
        p(
            "Fachzeitschrift Kommunalpraxis, Jahresabo",
            "C62",
            8900,
            15900,
            Kind::Reduced,
        ),
    ],
};

pub static IT: Trade = Trade {
    names: &[
        "IT-Systemhaus Becker AG",
        "Kommunal-IT Fischer GmbH",
        "Netzwerk & Service Meyer GmbH",
    ],
    products: &[
        p(
            "Notebook 14\", 16 GB RAM, 512 GB SSD",
            "C62",
            79900,
            149900,
            Kind::Full,
        ),
        p("Monitor 27\" WQHD", "C62", 18900, 39900, Kind::Full),
        p(
            "Administration Fachverfahren (Stunde)",
            "HUR",
            8500,
            14500,
            Kind::Full,
        ),
        p(
            "Softwarewartung Bürgerbüro-Modul (Monat)",
            "MON",
            25000,
            120000,
            Kind::Full,
        ),
        p(
            "Netzwerkkabel Cat 6a, Meterware",
            "MTR",
            89,
            249,
            Kind::Full,
        ),
        p("Vor-Ort-Einsatz Techniker", "HUR", 7500, 11500, Kind::Full),
    ],
};

pub static BUILD: Trade = Trade {
    names: &[
        "Müller & Söhne Tiefbau GmbH & Co. KG",
        "Straßenbau Schneider GmbH",
        "Hoch- und Tiefbau Groß AG",
    ],
    products: &[
        p(
            "Asphaltdeckschicht AC 11 D S, einbauen",
            "MTK",
            1850,
            3400,
            Kind::Full,
        ),
        p("Bordstein 15/30 setzen", "MTR", 3200, 5900, Kind::Full),
        p(
            "Erdaushub Bodenklasse 3-5, abfahren",
            "TNE",
            1800,
            4200,
            Kind::Full,
        ),
        p("Baustelleneinrichtung", "LS", 150000, 450000, Kind::Full),
        p("Facharbeiterstunde", "HUR", 5200, 7400, Kind::Full),
        p("Pflasterarbeiten Gehweg", "MTK", 4500, 8900, Kind::Full),
    ],
};

pub static GREEN: Trade = Trade {
    names: &[
        "Grünpflege Hoffmann GmbH",
        "Garten- und Landschaftsbau Weber e.K.",
    ],
    products: &[
        p("Rasenmähen Parkanlage", "MTK", 8, 25, Kind::Full),
        p("Baumschnitt mit Hubsteiger", "HUR", 8900, 13900, Kind::Full),
        p("Heckenpflege", "MTR", 150, 390, Kind::Full),
        p("Pflanzgut Stauden", "C62", 290, 1290, Kind::Full),
        p("Entsorgung Grünschnitt", "TNE", 4500, 9500, Kind::Full),
    ],
};

pub static SOLAR: Trade = Trade {
    names: &["Solartechnik Nord GmbH", "Sonnenstrom Kommunal GmbH"],
    products: &[
        p(
            "PV-Modul monokristallin 430 Wp",
            "C62",
            11900,
            17900,
            Kind::Zero,
        ),
        p("Wechselrichter 10 kW", "C62", 149000, 259000, Kind::Zero),
        p("Batteriespeicher 10 kWh", "C62", 390000, 690000, Kind::Zero),
        p("Gerüststellung Dach", "LS", 90000, 240000, Kind::Full),
        p("Elektrofachkraft", "HUR", 6500, 8900, Kind::Full),
    ],
};

pub static TRAINING: Trade = Trade {
    names: &[
        "Akademie für Verwaltungspraxis Fischer gGmbH",
        "Bildungswerk Kommunal e.V.",
    ],
    products: &[
        p(
            "Seminar Vergaberecht kompakt (Teilnehmer)",
            "C62",
            39000,
            69000,
            Kind::Exempt,
        ),
        p(
            "Inhouse-Schulung E-Rechnung (Tag)",
            "DAY",
            120000,
            220000,
            Kind::Exempt,
        ),
        p(
            "Lehrgang Verwaltungsfachangestellte, Modul",
            "C62",
            89000,
            149000,
            Kind::Exempt,
        ),
        p("Tagungsverpflegung (Person)", "C62", 1900, 3900, Kind::Full),
    ],
};

pub static CATERING: Trade = Trade {
    names: &[
        "Schulverpflegung Sonnenschein GmbH",
        "Frischküche Schäfer KG",
    ],
    products: &[
        p("Mittagessen Grundschule", "C62", 350, 520, Kind::Reduced),
        p("Obst- und Gemüsekorb", "KGM", 290, 690, Kind::Reduced),
        p(
            "Mineralwasser, Kasten 12 × 0,75 l",
            "C62",
            590,
            890,
            Kind::Full,
        ),
        p("Milch 1,5 %", "LTR", 109, 169, Kind::Reduced),
        p(
            "Catering Ratssitzung (Person)",
            "C62",
            1490,
            2990,
            Kind::Full,
        ),
    ],
};

pub static CLEANING: Trade = Trade {
    names: &[
        "Reinigungsdienst Weber GmbH",
        "Gebäudeservice Schneider & Partner GmbH",
    ],
    products: &[
        p(
            "Unterhaltsreinigung Büroflächen",
            "MTK",
            90,
            240,
            Kind::Full,
        ),
        p("Glasreinigung", "MTK", 120, 390, Kind::Full),
        p(
            "Sonderreinigung nach Veranstaltung",
            "HUR",
            2900,
            4500,
            Kind::Full,
        ),
        p("Hygieneartikel Nachfüllung", "SET", 1500, 4900, Kind::Full),
    ],
};

pub static ENERGY: Trade = Trade {
    names: &["Stadtwerke Energie Vertrieb GmbH", "Regionalstrom Süd AG"],
    products: &[
        p("Arbeitspreis Strom", "KWH", 24, 38, Kind::Full),
        p("Grundpreis Zähler (Monat)", "MON", 890, 2490, Kind::Full),
        p("Arbeitspreis Erdgas", "KWH", 8, 14, Kind::Full),
    ],
};

/// Trades for ordinary domestic purchases.
pub static DOMESTIC: &[&Trade] = &[&OFFICE, &IT, &BUILD, &GREEN, &CATERING, &CLEANING, &ENERGY];

/// Construction services under § 13b UStG (reverse charge).
pub static REVERSE: &[&Product] = &[
    &BUILD.products[0],
    &BUILD.products[1],
    &BUILD.products[4],
    &BUILD.products[5],
];

/// Goods an Austrian supplier delivers (intra-community supply).
pub static AUSTRIA: &[Product] = &[
    p("Streusalz, lose", "TNE", 7500, 11900, Kind::Full),
    p(
        "Schneepflug für Kommunalfahrzeug",
        "C62",
        690000,
        1290000,
        Kind::Full,
    ),
    p("Holzhackschnitzel", "TNE", 9000, 14000, Kind::Full),
];

/// Equipment donated to a partner city outside the EU (export).
pub static EXPORT: &[Product] = &[
    p(
        "Feuerwehrschlauch C 52, 20 m",
        "C62",
        9900,
        15900,
        Kind::Full,
    ),
    p(
        "Atemschutzgerät, gebraucht, geprüft",
        "C62",
        45000,
        89000,
        Kind::Full,
    ),
    p("Stromerzeuger 8 kVA", "C62", 189000, 289000, Kind::Full),
];

/// Not subject to VAT: contributions to municipal associations.
pub static FEES: &[Product] = &[
    p("Mitgliedsbeitrag", "ANN", 50000, 900000, Kind::Full),
    p(
        "Umlage Fortbildungsverbund",
        "ANN",
        20000,
        200000,
        Kind::Full,
    ),
];

/// Non-EU partner cities: name, post code, city, country.
pub static PARTNERS: &[(&str, &str, &str, &str)] = &[
    ("Feuerwehr der Partnerstadt", "79000", "Lviv", "UA"),
    ("Stadtverwaltung Partnerstadt", "1000", "Tirana", "AL"),
    ("Kommunaler Bauhof Partnerstadt", "11000", "Beograd", "RS"),
];
