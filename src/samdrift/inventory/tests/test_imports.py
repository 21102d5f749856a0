"""Asset import: preview, all-or-nothing commit, problems named by row and column,
duplicate serials refused, Lansweeper and XLSX files, and only for one's own member."""

import base64
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samdrift.inventory import actions
from samdrift.inventory.imports import read_assets
from samdrift.inventory.models import Asset

URL = "/inventory/assets/import/"
GOOD = (
    "Slag;Typ;Modell;Serienummer;Ägare;Förvaltning;Inköpsdatum;Pris;Ägd/leasad;Livslängd till\n"
    "enhet;Bärbar dator;Lenovo T14;SN-1;Åsa Ek;Barn och utbildning;2025-03-01;12 499,50;leasad;2029-03-01\n"
    "konto;AD-konto;;;Örjan ”Ö” Nilsson–Berg;;;;;\n"
)


def _upload(text: str, name: str = "tillgangar.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def test_preview_then_commit_stores_every_row(world, client_for) -> None:
    client = client_for("orderer_b")
    preview = client.post(URL, {"member": world.member_b.pk, "fmt": "samdrift", "file": _upload(GOOD)})
    assert preview.status_code == 200
    assert "SN-1" in preview.content.decode() and not Asset.objects.exists(), "the preview stores nothing"
    content = preview.context["content"]
    done = client.post(
        URL, {"member": world.member_b.pk, "fmt": "samdrift", "content": content, "name": "t.csv", "commit": "1"}
    )
    assert done.status_code == 302
    device, account = Asset.objects.order_by("kind").reverse()
    assert (device.serial, device.price, device.ownership, device.department) == (
        "SN-1",
        __import__("decimal").Decimal("12499.50"),
        "leased",
        world.dept_b1,
    )
    assert account.owner == "Örjan ”Ö” Nilsson–Berg" and account.member == world.member_b


def test_a_bad_row_names_row_and_column_and_nothing_is_stored(world, client_for) -> None:
    bad = GOOD + "dator;Skrivare;;SN-1;;Okänd;2025-13-01;-5;hyrd;\n"
    page = client_for("orderer_b").post(URL, {"member": world.member_b.pk, "fmt": "samdrift", "file": _upload(bad)})
    assert page.status_code == 400
    problems = [str(p) for p in page.context["problems"]]
    assert "Rad 4, kolumn Slag" in problems[0]
    joined = " ".join(problems)
    for column in ("Serienummer", "Förvaltning", "Inköpsdatum", "Pris", "Ägd/leasad"):
        assert f"Rad 4, kolumn {column}" in joined
    assert "Rad 4, kolumn Serienummer: Serienumret finns också på rad 2." in joined  # names the earlier row
    assert not Asset.objects.exists()
    # A forged commit of a bad file stores nothing either.
    forged = client_for("orderer_b").post(
        URL,
        {"member": world.member_b.pk, "fmt": "samdrift", "name": "t.csv", "commit": "1",
         "content": base64.b64encode(bad.encode()).decode()},
    )  # fmt: skip
    assert forged.status_code == 400 and not Asset.objects.exists()


def test_a_serial_already_registered_is_refused(world) -> None:
    actions.do_create_asset(
        acting_user=None,
        collaboration=world.alpha,
        member=world.member_a,
        kind="device",
        asset_type="Dator",
        serial="SN-1",
    )
    parsed = read_assets("a.csv", GOOD.encode(), member=world.member_b, fmt="samdrift")
    assert not parsed.ok and parsed.assets == []
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "Serienummer")]


def test_lansweeper_export_and_xlsx(world) -> None:
    from openpyxl import Workbook

    export = (
        "AssetName,AssetType,Manufacturer,Model,SerialNumber,UserName,PurchaseDate,WarrantyDate,IPAddress\n"
        "VET-LT-001,Laptop,Lenovo,ThinkPad T14,PF3XYZ,anna.berg,2024-02-01 00:00:00,2028-02-01 00:00:00,10.0.0.5\n"
    )
    parsed = read_assets("lansweeper.csv", export.encode(), member=world.member_a, fmt="lansweeper")
    assert parsed.ok
    [asset] = parsed.assets
    assert (asset.kind, asset.asset_type, asset.model_name, asset.serial, asset.owner) == (
        "device",
        "Laptop",
        "Lenovo ThinkPad T14",
        "PF3XYZ",
        "anna.berg",
    )
    assert str(asset.end_of_life) == "2028-02-01"
    book = Workbook()
    sheet = book.active
    sheet.append(["Kind", "Type", "Serial", "Price"])
    sheet.append(["device", "Surfplatta", "IPAD-1", "4999.99"])
    sheet.append(["device", "", "IPAD-2", "1.234"])
    out = io.BytesIO()
    book.save(out)
    parsed = read_assets("a.xlsx", out.getvalue(), member=world.member_a, fmt="samdrift")
    assert sorted((p.row, p.column) for p in parsed.problems) == [(3, "Price"), (3, "Type")]


def test_only_for_members_whose_assets_one_keeps(world, client_for) -> None:
    # Member A's orderer cannot even choose member B: the form refuses the id.
    page = client_for("orderer_a").post(URL, {"member": world.member_b.pk, "fmt": "samdrift", "file": _upload(GOOD)})
    assert page.status_code == 400 and "member" in page.context["form"].errors
    assert client_for("requester_b1").get(URL).status_code == 403
    assert (
        client_for("admin_beta")
        .post(URL, {"member": world.member_b.pk, "fmt": "samdrift", "file": _upload(GOOD)})
        .status_code
        == 400
    )
    assert not Asset.objects.exists()


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b""])
def test_unreadable_files_are_refused_with_a_message(world, content) -> None:
    parsed = read_assets("x.csv", content, member=world.member_a, fmt="samdrift")
    assert parsed.problems and not parsed.assets
