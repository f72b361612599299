-- submit.lua — wrk script for POST /submit: every request posts the same
-- urlencoded form (a ~2 KB Markdown statement) with a form token of its
-- own (a token names one sending of the form: sent twice it is the same
-- statement, stored once) and a same-origin Origin header. run.sh gives
-- the body's file (with TOKEN-OF-THIS-REQUEST where the token goes), the
-- tokens' file (one a line), where this run's tokens start
-- (BENCH_TOKEN_OFFSET: each run its own) and the origin in the
-- environment. Each of wrk's two threads takes every other token.
local counter = 0

function setup(thread)
	thread:set("id", counter)
	counter = counter + 1
end

function init(args)
	local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
	local body = f:read("*a")
	f:close()
	local at = assert(body:find("TOKEN-OF-THIS-REQUEST", 1, true))
	before = body:sub(1, at - 1)
	after = body:sub(at + #"TOKEN-OF-THIS-REQUEST")
	tokens = {}
	local i, from = 0, tonumber(os.getenv("BENCH_TOKEN_OFFSET") or "0")
	for line in io.lines(os.getenv("BENCH_TOKENS")) do
		if i >= from and i < from + 50000 and i % 2 == id then
			table.insert(tokens, line)
		end
		i = i + 1
	end
	next_token = 1
	headers = {
		["Content-Type"] = "application/x-www-form-urlencoded",
		["Origin"] = os.getenv("BENCH_ORIGIN"),
	}
end

function request()
	local tok = tokens[next_token]
	next_token = next_token % #tokens + 1
	return wrk.format("POST", nil, headers, before .. tok .. after)
end
