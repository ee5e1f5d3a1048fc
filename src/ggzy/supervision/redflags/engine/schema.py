"""The part of an OCDS compiled release the engine reads, as a polars schema.

Fields outside this schema are ignored. Amounts must be JSON numbers (OCDS ``Value.amount``);
a string or boolean amount makes the line a bad line.
"""

from __future__ import annotations

import polars as pl

SUBMISSION_FIELDS = (
    "ipAddress",
    "macAddress",
    "hardwareId",
    "fileCreatorId",
    "depositAccount",
    "documentHash",
    "contactPhone",
)

# Only what the engine reads: every extra field costs parse time on million-bid files.
_VALUE = pl.Struct({"amount": pl.Float64})
_ORG = pl.Struct({"id": pl.String})

RELEASE_SCHEMA = pl.Schema(
    {
        "ocid": pl.String,
        "buyer": _ORG,
        "tender": pl.Struct(
            {
                "value": _VALUE,
                "tenderPeriod": pl.Struct({"startDate": pl.String, "endDate": pl.String}),
            }
        ),
        "bids": pl.Struct(
            {
                "details": pl.List(
                    pl.Struct(
                        {
                            "id": pl.String,
                            "date": pl.String,
                            "status": pl.String,
                            "tenderers": pl.List(_ORG),
                            "value": _VALUE,
                            "submission": pl.Struct({name: pl.String for name in SUBMISSION_FIELDS}),
                        }
                    )
                )
            }
        ),
        "awards": pl.List(pl.Struct({"status": pl.String, "suppliers": pl.List(_ORG)})),
    }
)

# Short column names used inside the engine for the submission fingerprint.
FINGERPRINT_COLUMNS = {
    "ipAddress": "fp_ip",
    "macAddress": "fp_mac",
    "hardwareId": "fp_hw",
    "fileCreatorId": "fp_creator",
    "depositAccount": "fp_account",
    "documentHash": "fp_doc",
    "contactPhone": "fp_contact",
}


def _arrow_type(dtype):
    import pyarrow as pa

    if isinstance(dtype, pl.Struct):
        return pa.struct([(f.name, _arrow_type(f.dtype)) for f in dtype.fields])
    if isinstance(dtype, pl.List):
        return pa.list_(_arrow_type(dtype.inner))
    return {pl.String: pa.string(), pl.Float64: pa.float64()}[dtype]


def arrow_schema():
    """RELEASE_SCHEMA for pyarrow's JSON reader (plain string/list types, which it supports)."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(dtype)) for name, dtype in RELEASE_SCHEMA.items()])
