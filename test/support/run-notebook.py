"""Executes a notebook cell by cell on a Jupyter kernel and saves it with its outputs.

Usage: run-notebook.py NOTEBOOK OUT KERNEL_NAME [CELL_TIMEOUT_SECONDS]

Unlike nbconvert, which stops collecting a cell's outputs when the kernel reports it idle, this
client keeps listening until the cell's messages have been quiet for a moment after idle. Deno's
kernel sends a cell's result and its last printed lines from tasks it does not wait for before it
reports idle, so under load nbconvert loses them; here they arrive, under the right cell (each
message names the request it answers). The kernel is found on JUPYTER_PATH, which the caller sets
to a temporary folder, so no kernel of the user's is used or touched.
"""
import queue
import sys
import time

import nbformat
from jupyter_client.manager import start_new_kernel

QUIET_AFTER_IDLE = 1.5


def run_cell(kc, source, timeout):
    msg_id = kc.execute(source)
    outputs, count, idle_at, last = [], None, None, time.monotonic()
    deadline = time.monotonic() + timeout
    while True:
        now = time.monotonic()
        if now > deadline:
            raise TimeoutError(f"a cell ran longer than {timeout} s: {source[:80]!r}")
        if idle_at is not None and now - last > QUIET_AFTER_IDLE:
            return outputs, count
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        last = time.monotonic()
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            idle_at = last
        elif kind == "execute_input":
            count = content.get("execution_count")
        elif kind == "stream":
            outputs.append(nbformat.v4.new_output("stream", name=content["name"], text=content["text"]))
        elif kind in ("display_data", "execute_result"):
            out = nbformat.v4.new_output(kind, data=content["data"], metadata=content.get("metadata", {}))
            if kind == "execute_result":
                out["execution_count"] = content.get("execution_count")
            outputs.append(out)
        elif kind == "error":
            outputs.append(nbformat.v4.new_output("error", ename=content["ename"], evalue=content["evalue"], traceback=content["traceback"]))


def main():
    path, out, kernel = sys.argv[1], sys.argv[2], sys.argv[3]
    timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 180.0
    nb = nbformat.read(path, as_version=4)
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=120)
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            outputs, count = run_cell(kc, cell.source, timeout)
            cell.outputs = outputs
            cell.execution_count = count
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    nbformat.write(nb, out)


if __name__ == "__main__":
    main()
