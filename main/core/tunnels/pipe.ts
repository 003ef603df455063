import type { Duplex } from 'node:stream';
import type { ForwardCounters } from './events';

/**
 * Joins a local socket and an SSH channel with backpressure (stream.pipe pauses the faster
 * side) and half-close both ways: when one side ends, only that direction ends, so a client
 * that sends a request and shuts down its writing half still receives the reply. The socket
 * must be created with allowHalfOpen; ssh2 channels are half-open by default.
 * Counting is one addition per chunk, never a log line.
 */
export function joinStreams(
  local: Duplex,
  channel: Duplex & { close?: () => void },
  counters: ForwardCounters,
  onClose: () => void,
): void {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    onClose();
  };
  local.on('data', (chunk: Buffer) => {
    counters.bytesSent += chunk.length;
    counters.lastActivity = Date.now();
  });
  channel.on('data', (chunk: Buffer) => {
    counters.bytesReceived += chunk.length;
    counters.lastActivity = Date.now();
  });
  local.pipe(channel);
  channel.pipe(local);

  local.on('error', () => {
    channel.destroy();
  });
  channel.on('error', () => {
    local.destroy();
  });
  local.on('close', () => {
    // Both halves of the socket are done (or it failed): the channel has nothing more to carry
    // once what it still buffers has gone out.
    if (channel.writableFinished || channel.destroyed) channel.close?.();
    else {
      channel.end();
      channel.once('finish', () => channel.close?.());
    }
    finish();
  });
  channel.on('close', () => {
    // The peer closed the channel: flush what we have to the local side, then drop it. `pipe`
    // has usually ended the socket already (writableEnded) while its last chunks still wait in
    // the socket's buffer for a slow reader: destroying it then would cut the download short.
    if (!local.destroyed) {
      if (local.writableFinished) local.destroy();
      else if (local.writableEnded) local.once('finish', () => local.destroy());
      else local.end(() => local.destroy());
    }
    finish();
  });
}
