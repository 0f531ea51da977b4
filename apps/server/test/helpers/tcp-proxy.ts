import net from 'node:net';

/**
 * A TCP proxy in front of a real server that a test can break on purpose:
 * - `cut()`: every connection is destroyed and new ones are refused (server stopped, cable pulled);
 * - `freeze()`: connections are accepted but no byte passes either way (host hung, network black hole);
 * - `restore()`: traffic flows again (held bytes are delivered in order) and connections are accepted.
 */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  freeze(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Direction {
  to: net.Socket;
  held: Buffer[];
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const directions = new Set<Direction>();
  let frozen = false;

  const forward = (from: net.Socket, to: net.Socket) => {
    const direction: Direction = { to, held: [] };
    directions.add(direction);
    from.on('data', (chunk) => {
      if (frozen || direction.held.length > 0) direction.held.push(chunk);
      else to.write(chunk);
    });
    from.on('close', () => {
      directions.delete(direction);
      to.destroy();
    });
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  return {
    port,
    async cut() {
      const closed = stopListening();
      destroyAll();
      await closed;
    },
    freeze() {
      frozen = true;
    },
    async restore() {
      frozen = false;
      for (const direction of directions) {
        for (const chunk of direction.held.splice(0)) direction.to.write(chunk);
      }
      if (!server.listening) await listen(port);
    },
    async close() {
      const closed = stopListening();
      destroyAll();
      await closed;
    },
  };
}
