# Parquet fixtures for test/storage-import-formats.test.ts, written by pyarrow as a researcher's
# lake would be. Usage: python3 parquet-fixtures.py OUT_DIR ROWS.json
# ROWS.json: [[symbol, epoch_ms, open, high, low, close, volume], ...]. Writes, each holding every row:
#   zoned.parquet     ts timestamp[ns, America/New_York], symbol, prices, volume int64 (snappy)
#   utc-ms.parquet    ts timestamp[ms, UTC] (zstd, two row groups)
#   naive.parquet     ts timestamp[us] without zone: the exchange's wall time
#   naive-utc.parquet ts timestamp[us] without zone holding UTC wall time
#   epoch.parquet     ts int64 epoch ms
#   text.parquet      ts string with offset (dictionary-encoded symbol)
#   lake/symbol=S/date=D/part-0.parquet  no symbol column (Hive partitions), ts timestamp[ms, UTC]
#   datetime.parquet  date (date32) and time (time64[us]) columns, exchange-local
import json, sys, os
import datetime as dt
from zoneinfo import ZoneInfo
import pyarrow as pa, pyarrow.parquet as pq

out, rows_file = sys.argv[1], sys.argv[2]
rows = json.load(open(rows_file))
NY = ZoneInfo('America/New_York')
sym = [r[0] for r in rows]
ms = [r[1] for r in rows]
cols = {k: [r[i] for r in rows] for i, k in enumerate(['open', 'high', 'low', 'close'], start=2)}
vol = pa.array([r[6] for r in rows], pa.int64())
utc = [dt.datetime.fromtimestamp(m / 1000, dt.timezone.utc) for m in ms]
local = [u.astimezone(NY).replace(tzinfo=None) for u in utc]

def table(ts, **extra):
    t = {'ts': ts, 'symbol': pa.array(sym)}
    t.update({k: pa.array(v, pa.float64()) for k, v in cols.items()})
    t['volume'] = vol
    t.update(extra)
    return pa.table(t)

pq.write_table(table(pa.array([m * 1_000_000 for m in ms], pa.timestamp('ns', tz='America/New_York'))), f'{out}/zoned.parquet')
pq.write_table(table(pa.array(ms, pa.timestamp('ms', tz='UTC'))), f'{out}/utc-ms.parquet', compression='zstd', row_group_size=max(1, len(rows) // 2))
pq.write_table(table(pa.array(local, pa.timestamp('us'))), f'{out}/naive.parquet')
pq.write_table(table(pa.array([u.replace(tzinfo=None) for u in utc], pa.timestamp('us'))), f'{out}/naive-utc.parquet')
pq.write_table(table(pa.array(ms, pa.int64())), f'{out}/epoch.parquet')
pq.write_table(table(pa.array([l.isoformat() + u.astimezone(NY).strftime('%z')[:3] + ':' + u.astimezone(NY).strftime('%z')[3:] for l, u in zip(local, utc)])), f'{out}/text.parquet', use_dictionary=['symbol'])

for s in sorted(set(sym)):
    for d in sorted({l.date().isoformat() for l, x in zip(local, sym) if x == s}):
        keep = [i for i, (l, x) in enumerate(zip(local, sym)) if x == s and l.date().isoformat() == d]
        t = pa.table({'ts': pa.array([ms[i] for i in keep], pa.timestamp('ms', tz='UTC')), **{k: pa.array([v[i] for i in keep], pa.float64()) for k, v in cols.items()}, 'volume': pa.array([rows[i][6] for i in keep], pa.int64())})
        os.makedirs(f'{out}/lake/symbol={s}/date={d}', exist_ok=True)
        pq.write_table(t, f'{out}/lake/symbol={s}/date={d}/part-0.parquet')
open(f'{out}/lake/_SUCCESS', 'w').close()

t = table(pa.array(ms, pa.int64())).drop_columns(['ts'])
t = t.append_column('Date', pa.array([l.date() for l in local], pa.date32())).append_column('Time', pa.array([l.time() for l in local], pa.time64('us')))
pq.write_table(t, f'{out}/datetime.parquet')
