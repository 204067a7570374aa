/**
 * The Java side of a local Apache Kafka: checks that Java 17+ and Maven are there, and resolves
 * the broker's classpath from Maven Central with `mvn dependency:build-classpath` over this
 * library's pom.xml. The result is cached per pom content, so only the first run (or a version
 * change) asks Maven; Maven itself keeps the jars in its local repository (~/.m2).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const LIBRARY_DIR = join(__dirname, '..');
export const POM = join(LIBRARY_DIR, 'pom.xml');
export const LOG4J_CONFIG = join(LIBRARY_DIR, 'log4j2.properties');
const CACHE_DIR = join(LIBRARY_DIR, '..', '..', 'node_modules', '.cache', 'lienthong-apache-kafka');
const MIN_JAVA = 17;

/** A tool the local Apache Kafka needs is absent: `message` is the one line to show. */
export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
}

/** The Kafka version the pom pins (`<kafka.version>`). */
export async function kafkaVersion(): Promise<string> {
  const pom = await readFile(POM, 'utf8');
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (!match) throw new Error(`${POM} has no <kafka.version>`);
  return match[1];
}

/** `java` to run: $JAVA_HOME/bin/java when set, else the one on PATH. */
export function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Throws MissingToolError (one line) unless Java 17 or newer and Maven answer. */
export async function checkTools(): Promise<void> {
  let javaVersion: string;
  try {
    // `java -version` writes to stderr: `openjdk version "17.0.15" …`
    const { stderr, stdout } = await run(javaCommand(), ['-version']);
    javaVersion = `${stderr}${stdout}`;
  } catch {
    throw new MissingToolError(`Apache Kafka needs Java ${MIN_JAVA} or newer: no ${javaCommand()} found (apt-get install openjdk-17-jre-headless, or set JAVA_HOME)`);
  }
  const major = Number(/version "(\d+)/.exec(javaVersion)?.[1] ?? 0);
  if (major < MIN_JAVA) throw new MissingToolError(`Apache Kafka needs Java ${MIN_JAVA} or newer; ${javaCommand()} is Java ${major || 'of an unknown version'} (set JAVA_HOME to a newer JDK)`);
  try {
    await run('mvn', ['-v']);
  } catch {
    throw new MissingToolError('Apache Kafka is resolved from Maven Central with Maven: no mvn found (apt-get install maven)');
  }
}

/** The broker's classpath (jars joined by ':'), resolved once per pom content. */
export async function brokerClasspath(log: (line: string) => void = () => undefined): Promise<string> {
  const pom = await readFile(POM);
  const key = createHash('sha256').update(pom).digest('hex').slice(0, 16);
  const cached = join(CACHE_DIR, `classpath-${key}.txt`);
  if (existsSync(cached)) {
    const classpath = (await readFile(cached, 'utf8')).trim();
    if (classpath.split(':').every((jar) => existsSync(jar))) return classpath;
  }
  await mkdir(CACHE_DIR, { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  log(`resolving Apache Kafka ${await kafkaVersion()} from Maven Central (first run only)…`);
  try {
    await run('mvn', ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${partial}`], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 10 * 60_000,
    });
  } catch (error) {
    const output = error && typeof error === 'object' && 'stdout' in error ? String((error as { stdout: unknown }).stdout) : '';
    const firstError = output.split('\n').find((l) => l.includes('[ERROR]')) ?? String(error);
    throw new Error(`mvn could not resolve Apache Kafka's classpath: ${firstError.trim()}`, { cause: error });
  }
  await rename(partial, cached); // atomic: a parallel run sees the whole file or none
  await writeFile(join(CACHE_DIR, 'README'), 'Classpaths of libs/apache-kafka/pom.xml, keyed by its hash.\n');
  return (await readFile(cached, 'utf8')).trim();
}
