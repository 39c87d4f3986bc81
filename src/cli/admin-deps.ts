// The admin session's and secret creation's deps (app/admin/deps.ts) from the factory: the same stores,
// clock and person the command has, the terminal's sign-in UI, and what the environment says
// (EAC_ADMIN_CLIENT_ID, EAC_DEBUG), read here so the use cases never read process.env.
import type { AdminDeps } from '../app/admin/deps.ts';
import { HttpClient } from '../entra/http.ts';
import { AdminSessionStore } from '../store/admin-sessions.ts';
import { readEmulatorConnection } from '../store/emulator-connection.ts';
import type { Factory } from './factory.ts';
import { line } from './io.ts';
import { signInUi } from './ui/sign-in-ui.ts';

export function adminDeps(f: Factory): AdminDeps {
  const { io } = f;
  let sessions: AdminSessionStore | undefined;
  return {
    interaction: f.interaction,
    paths: f.paths,
    profiles: f.profiles,
    get sessions() {
      return (sessions ??= new AdminSessionStore(f.paths.config));
    },
    secrets: () => f.secrets(),
    clock: () => f.clock(),
    emulator: () => readEmulatorConnection(f.env),
    newHttp: (cloud) => new HttpClient({ extraCaFiles: cloud.caCertPath ? [cloud.caCertPath] : [], env: f.env }),
    signInUi: (o) => signInUi(io, { purpose: 'admin', ...o }),
    ...(f.env.EAC_ADMIN_CLIENT_ID ? { adminClientId: f.env.EAC_ADMIN_CLIENT_ID } : {}),
    ...(f.env.EAC_DEBUG ? { debug: (m: string) => line(io.err, m) } : {}),
  };
}
