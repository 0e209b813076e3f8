# SPDX-License-Identifier: GPL-2.0
# One long-lived YNL for the DPLL tests (_ynl.sh, ynl_server_start): the
# kernel's own tools/net/ynl library, imported from the directory of the
# cli.py that /opt/ynl/bin/ynl runs, loads the dpll spec once and then
# answers requests, so that each ynl call does not pay python's start and
# the spec's parse again (about 1.7 s under TCG).  Output and exit status
# are the cli's: the reply as cli.py's JSON encoder prints it, or the
# NlError as cli.py prints it ("Netlink error: ..." with the extack), and
# status 1.
#
# Usage: python3 _ynlsrv.py CLI.PY SPEC REQUEST-FIFO RESPONSE-FIFO
# A request is one line: "OUT-FILE<US>ARG<US>ARG..." (US = \x1f) with the
# cli's arguments --do OP | --dump OP [--json TEXT]; the answer, after
# OUT-FILE is written, is one line with the exit status.  "ready" first.

import argparse
import importlib.util
import json
import os
import sys
import traceback


def main():
    cli_path, spec, req_path, resp_path = sys.argv[1:5]
    sys.path.insert(0, os.path.dirname(cli_path))
    mod = importlib.util.spec_from_file_location("ynl_cli", cli_path)
    cli = importlib.util.module_from_spec(mod)
    mod.loader.exec_module(cli)

    parser = argparse.ArgumentParser(prog="ynl (server)", exit_on_error=False)
    ops = parser.add_mutually_exclusive_group(required=True)
    ops.add_argument("--do", dest="do", type=str)
    ops.add_argument("--dump", dest="dump", type=str)
    parser.add_argument("--json", dest="json_text", type=str)

    req = open(req_path, "r", encoding="utf-8")
    resp = open(resp_path, "w", encoding="utf-8")
    ynl = cli.YnlFamily(spec, schema="")
    resp.write("ready\n")
    resp.flush()

    for line in req:
        words = line.rstrip("\n").split("\x1f")
        rc = 0
        with open(words[0], "w", encoding="utf-8") as out:
            sys.stdout = out
            sys.stderr = out
            try:
                args = parser.parse_args(words[1:])
                attrs = json.loads(args.json_text) if args.json_text else {}
                if args.do:
                    reply = ynl.do(args.do, attrs, None)
                else:
                    reply = ynl.dump(args.dump, attrs)
                print(json.dumps(reply, cls=cli.YnlEncoder))
            except cli.NlError as e:
                print(e)
                rc = 1
            except (Exception, SystemExit):  # pylint: disable=broad-except
                traceback.print_exc()
                rc = 1
            sys.stdout = sys.__stdout__
            sys.stderr = sys.__stderr__
        resp.write(f"{rc}\n")
        resp.flush()


if __name__ == "__main__":
    main()
