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

_VALUE = pl.Struct({"amount": pl.Float64, "currency": pl.String})
_ORG = pl.Struct({"id": pl.String, "name": pl.String})

RELEASE_SCHEMA = pl.Schema(
    {
        "ocid": pl.String,
        "date": pl.String,
        "buyer": _ORG,
        "tender": pl.Struct(
            {
                "id": pl.String,
                "title": pl.String,
                "value": _VALUE,
                "procurementMethod": pl.String,
                "mainProcurementCategory": pl.String,
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
        "awards": pl.List(
            pl.Struct(
                {
                    "id": pl.String,
                    "status": pl.String,
                    "suppliers": pl.List(_ORG),
                    "value": _VALUE,
                }
            )
        ),
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
