'use strict';
// Child of scripts/bench/floors.ts: the least a Node process can do for a forward, to measure
// what the runtime costs before any tunnel code. Run with plain node (no tsx loader in it).
//   node floor-relay.cjs tcp  <listen>:<target> ...           a TCP relay, no SSH at all
//   node floor-relay.cjs ssh2 <host> <port> <user> <key> <listen>:<target> ...
//                                                             ssh2's forwardOut, nothing else
//   node floor-relay.cjs ssh2-idle <host> <port> <user> <key> <n>
//                                                             n ssh2 connections, one listener each
// Prints "UP" when every listener is listening.
const net = require('node:net');
const fs = require('node:fs');

const [mode, ...rest] = process.argv.slice(2);
const pairs = (words) => words.map((w) => w.split(':').map(Number));

function listenAll(list, onConnection) {
  let left = list.length;
  for (const [listen, target] of list) {
    net
      .createServer({ noDelay: true }, (socket) => onConnection(socket, target))
      .listen(listen, '127.0.0.1', () => {
        if (--left === 0) console.log('UP');
      });
  }
}

function sshClient(host, port, user, key, onReady) {
  const { Client } = require('ssh2');
  const client = new Client();
  client.on('ready', () => onReady(client));
  client.on('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
  client.connect({
    host,
    port: Number(port),
    username: user,
    privateKey: fs.readFileSync(key),
    // what Tunnelkeeper negotiates with this sshd
    algorithms: { cipher: ['aes128-gcm@openssh.com'] },
    keepaliveInterval: 5000,
  });
}

if (mode === 'tcp') {
  listenAll(pairs(rest), (socket, target) => {
    const out = net.connect({ port: target, host: '127.0.0.1', noDelay: true });
    socket.pipe(out).pipe(socket);
    socket.on('error', () => out.destroy());
    out.on('error', () => socket.destroy());
  });
} else if (mode === 'ssh2') {
  const [host, port, user, key, ...list] = rest;
  sshClient(host, port, user, key, (client) =>
    listenAll(pairs(list), (socket, target) =>
      client.forwardOut('127.0.0.1', 0, '127.0.0.1', target, (error, channel) => {
        if (error) return socket.destroy();
        socket.pipe(channel).pipe(socket);
        socket.on('error', () => channel.close());
      }),
    ),
  );
} else if (mode === 'ssh2-idle') {
  const [host, port, user, key, n] = rest;
  let ready = 0;
  const servers = [];
  for (let i = 0; i < Number(n); i++) {
    sshClient(host, port, user, key, () => {
      servers.push(net.createServer((socket) => socket.destroy()).listen(0, '127.0.0.1'));
      if (++ready === Number(n)) console.log('UP');
    });
  }
} else {
  console.error(`floor-relay: unknown mode ${mode}`);
  process.exit(2);
}
