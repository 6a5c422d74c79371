# The lesson's server, written from its description: one socket, one connection at a time, the file
# after a bare status line, and the close that ends it. Its faults are kept on purpose, because the
# benchmark measures what they cost: no Content-Length (the answer ends when the connection closes), one
# client at a time, recv(1024) reads whatever part of the request has arrived, and the path is not checked
# against traversal. It is a reference target of the bench, started on 127.0.0.1 only, never a server of
# the project.
#
#   python3 lesson-server.py PORT ROOT

import re
import socket
import sys

port = int(sys.argv[1])
root = sys.argv[2]

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# A restart binds again while old connections sit in TIME_WAIT.
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', port))
server.listen(128)

while True:
    conn, _ = server.accept()
    try:
        request = conn.recv(1024).decode('latin-1')
        match = re.match(r'^\w+ (/\S*)', request)
        path = match.group(1) if match else None
        if path == '/':
            path = '/index.html'
        try:
            with open(root + path, 'rb') as f:
                body = f.read()
            conn.sendall(b'HTTP/1.1 200 OK\r\n\r\n' + body)
        except (OSError, TypeError):
            conn.sendall(b'HTTP/1.1 404 NOT FOUND\r\n\r\n------file not found------')
    except OSError:
        pass  # the client went away; take the next one
    finally:
        conn.close()
