-- submit.lua — wrk script for POST /submit: every request posts the same
-- urlencoded form (a ~2 KB Markdown statement and a valid form token that
-- run.sh scraped once: tokens are reusable) with a same-origin Origin
-- header. run.sh gives the body's file and the origin in the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN")
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
