"""How each country app writes its files: the Hub contract
(`hub-contract.md`) and the sample Hub, restated here rather than read from
the dbt registry, so that a generated Hub also tests the registry."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str                  # the Hub sub-folder
    encoding: str              # Python codec of the files
    bom: bool                  # a UTF-8 byte-order mark starts each file
    delimiter: str
    newline: str
    users_file: str            # file names; {suffix} is '' for the first delivery
    logins_file: str
    month_suffix: str          # strftime of a later delivery's first day
    day_suffix: str
    users_header: tuple[str, ...]   # user_id, first_name, last_name, email,
                                    # date_of_birth, postcode, phone, signup_date
    logins_header: tuple[str, ...]  # user_id, logged_in_at
    date_of_birth_format: str
    signup_format: str
    login_format: str          # strptime pattern, or `epoch` (Unix seconds)
    login_zone: str            # the zone of the written login wall-clock time
    first_names: tuple[tuple[str, str], ...]  # (as written, as in an e-mail)
    last_names: tuple[tuple[str, str], ...]
    email_domains: tuple[str, str]  # usual, and the one a correction moves to
    postcodes: tuple[str, ...]      # templates: `#` is a random digit
    phones: tuple[str, ...]
    user_id_prefix: str = ""
    user_id_digits: int | None = None  # zero-padded to this many digits


COUNTRIES = (
    Country(
        code="uk", encoding="utf-8", bom=False, delimiter=",", newline="\n",
        users_file="UK User Data{suffix}.csv", logins_file="UK-User-LoginTS{suffix}.csv",
        month_suffix=" %Y-%m", day_suffix=" %Y-%m-%d",
        users_header=("user_id", "first_name", "last_name", "email", "date_of_birth",
                      "postcode", "phone", "signup_date"),
        logins_header=("user_id", "login_timestamp"),
        date_of_birth_format="%d/%m/%Y", signup_format="%d/%m/%Y",
        login_format="%Y-%m-%dT%H:%M:%SZ", login_zone="UTC",
        first_names=(("Oliver", "oliver"), ("Amelia", "amelia"), ("George", "george"),
                     ("Isla", "isla"), ("  Harry ", "harry"), ("Ava", "ava"), ("Noah", "noah"),
                     ("Mia", "mia"), ("Jack \"JJ\"", "jack")),
        last_names=(("Smith", "smith"), ("Jones", "jones"), ("Taylor", "taylor"),
                    ("Brown", "brown"), ("O'Neill", "oneill"), ("Smith, Jr", "smith"),
                    ("Evans", "evans"), ("Patel", "patel")),
        email_domains=("example.co.uk", "newmail.co.uk"),
        postcodes=("SW1A #AA", "sw1a#aa", "B## 8TH", "M# 1AE", "LS# 4AP", "EC1A #BB",
                   "CR# 6XH", "DN## 1PT", "g1 #xq"),
        phones=("07700 9#####", "+44 7700 9#####", "07### ######", "+44 7### ######"),
    ),
    Country(
        code="fr", encoding="cp1252", bom=False, delimiter=";", newline="\r\n",
        users_file="FR User Data{suffix}.csv", logins_file="FR-User-LoginTS{suffix}.csv",
        month_suffix=" %Y-%m", day_suffix=" %Y-%m-%d",
        users_header=("id_utilisateur", "prenom", "nom", "courriel", "date_naissance",
                      "code_postal", "telephone", "date_inscription"),
        logins_header=("id_utilisateur", "horodatage_connexion"),
        date_of_birth_format="%d/%m/%Y", signup_format="%Y-%m-%d",
        login_format="%d/%m/%Y %H:%M:%S", login_zone="Europe/Paris",
        first_names=(("Lœtitia", "laetitia"), ("  Jean ", "jean"), ("Hélène", "helene"),
                     ("François", "francois"), ("Chloé", "chloe"), ("Anaïs", "anais"),
                     ("Jérôme", "jerome"), ("Zoé", "zoe"), ("Maëlle", "maelle"),
                     ("Benoît", "benoit")),
        last_names=(("Dubois", "dubois"), ("D’Artagnan", "dartagnan"), ("Lefèvre", "lefevre"),
                    ("Garçon", "garcon"), ("Côté", "cote"), ("Lœuvre", "loeuvre"),
                    ("Noël", "noel"), ("Brûlé", "brule"), ("Martin", "martin")),
        email_domains=("example.fr", "nouveau.fr"),
        postcodes=("750##", "01000", "#####", "69003", "130##"),
        phones=("06 ## ## ## ##", "+33 6 ## ## ## ##", "07 ## ## ## ##", "0033 6 ## ## ## ##"),
    ),
    Country(
        code="de", encoding="utf-8", bom=True, delimiter=";", newline="\n",
        users_file="DE Benutzerdaten{suffix}.csv", logins_file="DE-Anmeldungen{suffix}.csv",
        month_suffix=" %Y-%m", day_suffix=" %Y-%m-%d",
        users_header=("benutzer_id", "vorname", "nachname", "e_mail", "geburtsdatum",
                      "postleitzahl", "telefon", "registriert_am"),
        logins_header=("benutzer_id", "anmeldezeitpunkt"),
        date_of_birth_format="%d.%m.%Y", signup_format="%d.%m.%Y",
        login_format="%d.%m.%Y %H:%M", login_zone="Europe/Berlin",
        first_names=(("Jürgen", "juergen"), ("  Björn ", "bjoern"), ("Jörg", "joerg"),
                     ("Günther", "guenther"), ("Käthe", "kaethe"), ("Lena", "lena"),
                     ("Uwe", "uwe"), ("Sören", "soeren"), ("Maja", "maja")),
        last_names=(("Müller", "mueller"), ("Weiß", "weiss"), ("Schäfer", "schaefer"),
                    ("Öztürk", "oeztuerk"), ("Groß", "gross"), ("Voß", "voss"),
                    ("Krüger", "krueger"), ("Böhm", "boehm"), ("Fuchs", "fuchs")),
        email_domains=("example.de", "neu.de"),
        postcodes=("101##", "01067", "#####", "80331"),
        phones=("0151 ########", "+49 151 ########", "0170 #######", "+49 176 ########"),
        user_id_prefix="DE-", user_id_digits=6,
    ),
    Country(
        code="us", encoding="utf-8", bom=False, delimiter=",", newline="\r\n",
        users_file="US_users{suffix}.csv", logins_file="US_logins{suffix}.csv",
        month_suffix="_%Y%m%d", day_suffix="_%Y%m%d",
        users_header=("UserId", "FirstName", "LastName", "EmailAddress", "DOB", "ZipCode",
                      "Phone", "CreatedAt"),
        logins_header=("UserId", "LoginEpoch"),
        date_of_birth_format="%m/%d/%Y", signup_format="%m/%d/%Y %I:%M:%S %p",
        login_format="epoch", login_zone="UTC",
        first_names=(("Mary", "mary"), ("  James ", "james"), ("Patricia", "patricia"),
                     ("Robert", "robert"), ("Linda", "linda"), ("Michael", "michael"),
                     ("Barbara", "barbara"), ("David", "david")),
        last_names=(("Johnson", "johnson"), ("Smith, Jr.", "smith"), ("O'Brien", "obrien"),
                    ("Williams", "williams"), ("Brown", "brown"), ("Davis", "davis"),
                    ("Miller", "miller"), ("Moore", "moore")),
        email_domains=("example.com", "newmail.com"),
        postcodes=("021##", "#####", "10001", "021##-####", "94105"),
        phones=("(617) 555-####", "617-555-####", "+1 617 555 ####", "(###) 555-####"),
    ),
)

BY_CODE = {c.code: c for c in COUNTRIES}
