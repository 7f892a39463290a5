"""Pseudonyms, key handling, directory, masking."""

from __future__ import annotations

import pytest

from posturescan.directory import DirectoryError, read_directory
from posturescan.mask import Masker, name_parts
from posturescan.privacy import PrivacyError, PrivacySettings, Pseudonymizer, load_or_create_key


def test_key_created_once_private_and_reused(tmp_path):
    path = tmp_path / "conf" / "secret.key"
    key = load_or_create_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_key(path) == key
    assert load_or_create_key(tmp_path / "other.key") != key


def test_key_inside_output_folder_is_refused(tmp_path):
    with pytest.raises(PrivacyError):
        load_or_create_key(tmp_path / "out" / "secret.key", out_dir=tmp_path / "out")


def test_pseudonyms_are_keyed_stable_and_reveal_nothing(tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("email,name,department,team\nkarim.benali@x.fr,Karim Benali,Formation,Commerce\n", encoding="utf-8")
    directory = read_directory(staff)
    one = Pseudonymizer(b"k" * 64, directory)
    other_key = Pseudonymizer(b"z" * 64, directory)
    # the e-mail, the full name and the unique first name are the same person
    assert one("Karim.Benali@x.fr") == one("Karim Benali") == one("Karim") == one("KARIM B.")
    assert one("karim.benali@x.fr") != other_key("karim.benali@x.fr")
    assert "karim" not in one("karim.benali@x.fr").lower()
    assert one(None) is None and one("  ") is None


def test_directory_columns_aliases_and_ambiguity(tmp_path):
    staff = tmp_path / "annuaire.csv"
    staff.write_text("\ufeffCourriel;Nom;Service;Équipe\na@x.fr;Julie Martin;RH;Paie\nb@x.fr;Julie Petit;RH;Formation\n",
                     encoding="utf-8")
    directory = read_directory(staff)
    assert directory.find("Julie Petit").team == "Formation"
    assert directory.find("Julie") is None  # two Julies: ambiguous, never guessed
    assert directory.find("A@X.FR").name == "Julie Martin"


def test_directory_without_required_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(DirectoryError):
        read_directory(bad)


def test_thresholds_cannot_go_below_three():
    with pytest.raises(PrivacyError):
        PrivacySettings(min_authors=2)
    with pytest.raises(PrivacyError):
        PrivacySettings(min_authors=6, excerpt_min_authors=5)


def test_masking_names_emails_phones_iban():
    masker = Masker(name_parts(["Karim Benali"]))
    text = ("Karim : appelez Mme Dupont au 06 12 34 56 78 ou écrivez à karim.benali@cci.fr, "
            "IBAN FR76 3000 6000 0112 3456 7890 189.")
    masked = masker.mask(text)
    for secret in ("Karim", "Dupont", "06 12", "benali@", "FR76"):
        assert secret not in masked
    assert "[personne]" in masked and "[courriel]" in masked and "[téléphone]" in masked and "[IBAN]" in masked
    assert masker.mask("Le temps de trajet est d'une heure.") == "Le temps de trajet est d'une heure."
