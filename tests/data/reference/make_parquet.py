"""Write pyarrow_pages.parquet: a Parquet file from another writer than polars, with the page
kinds lathe checks before polars reads them (tests/fuzz_found.rs).

    python3 tests/data/reference/make_parquet.py

Version-2 data pages, dictionary pages, a repeated (list) column, nulls, snappy compression, 4
row groups of 500 rows and pages of about 1 KB. The values are simple functions of the row
number, so the test states them without reading this file.
"""

import os

import pyarrow as pa
import pyarrow.parquet as pq

n = 2_000
table = pa.table(
    {
        "x": [i * 0.5 for i in range(n)],
        "word": [["a", "bb", "ccc"][i % 3] for i in range(n)],
        "maybe": [None if i % 7 == 0 else i for i in range(n)],
        "list": [[i] * (i % 4) for i in range(n)],
    }
)
pq.write_table(
    table,
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyarrow_pages.parquet"),
    data_page_version="2.0",
    use_dictionary=["word"],
    compression="snappy",
    row_group_size=500,
    data_page_size=1024,
)
