import type { Db } from '../../db/client';
import { CORE_COURSES, seedDemo, type DemoSeed } from '../../db/seed-demo';
import { Person, type Fetcher } from './client';

/** The demo academy, its people signed in, ready for a test. */
export interface World {
  seed: DemoSeed;
  password(username: string): string;
  signIn(username: string): Promise<Person>;
  anonymous(): Person;
}

export async function seedWorld(db: Db, fetcher: Fetcher, now: Date): Promise<World> {
  // The fixture course first: the demo cohort studies it and the demo trainer is qualified in it.
  const seed = await seedDemo(db, now, ['sample', ...CORE_COURSES]);
  if (!seed) throw new Error('expected an empty database');
  const password = (username: string) => {
    const login = seed.logins.find((l) => l.username === username);
    if (!login) throw new Error(`no demo login ${username}`);
    return login.password;
  };
  return {
    seed,
    password,
    signIn: (username) => new Person(fetcher).login(username, password(username)),
    anonymous: () => new Person(fetcher),
  };
}
