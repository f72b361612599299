# conf.sh — writes the nginx configuration that the demo, the tests and the
# benchmark run: one place for it. Sourced (bash); the settings that differ
# come as arguments and variables, everything else is the same for all.
#
#   . contrib/nginx/conf.sh
#   nginx_location TOP DIR SOCKET      DIR/dais-location.conf: contrib's
#                                      location, with this checkout's
#                                      dais-fastcgi.conf and the socket
#   nginx_conf DIR PORT ROOT INCLUDE [HTTP_EXTRA [SERVER_EXTRA]]
#                                      DIR/nginx.conf: one server on
#                                      127.0.0.1:PORT serving ROOT, with
#                                      INCLUDE (a location file) in it;
#                                      temporary files under DIR/tmp
#
# Variables: NGINX_WORKERS (worker_processes, default 1), NGINX_CONNECTIONS
# (default 1024), NGINX_ERROR_LOG (default DIR/nginx-error.log),
# NGINX_ACCESS_LOG (an access_log line's value, default off).

nginx_location() {
	local top=$1 dir=$2 sock=$3
	sed -e "s|/etc/nginx/dais-fastcgi.conf|$top/contrib/nginx/dais-fastcgi.conf|" \
	    -e "s|unix:/run/dais/dais.sock|unix:$sock|" \
	    "$top/contrib/nginx/dais-location.conf" > "$dir/dais-location.conf"
}

nginx_conf() {
	local dir=$1 port=$2 root=$3 include=$4
	mkdir -p "$dir/tmp" "$root"
	cat > "$dir/nginx.conf" <<EOF
user root root;
worker_processes ${NGINX_WORKERS:-1};
pid $dir/nginx.pid;
error_log ${NGINX_ERROR_LOG:-$dir/nginx-error.log} warn;
events { worker_connections ${NGINX_CONNECTIONS:-1024}; }
http {
    access_log ${NGINX_ACCESS_LOG:-off};
    client_body_temp_path $dir/tmp/body;
    fastcgi_temp_path $dir/tmp/fastcgi;
    proxy_temp_path $dir/tmp/proxy;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    types { text/html html; text/css css; application/javascript js; application/xml xml; }
    ${5:-}
    server {
        listen 127.0.0.1:$port;
        root $root;
        include $include;
        ${6:-}
    }
}
EOF
}
