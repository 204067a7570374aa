/**
 * The manifests in deploy/ against the code they deploy (issue 11, ADRs 0501-0502):
 * - every YAML file under deploy/ parses (every document of it);
 * - every service container, in compose and in the kustomize base (with the ConfigMaps and
 *   Secrets it reads) and overlay patches, sets only variables its config class declares,
 *   sets every required one, and with values the service accepts at start-up;
 * - every topic of libs/contracts AllTopics is created by compose's set-up job and exists as a
 *   Strimzi KafkaTopic, with its partition count;
 * - the Dockerfile keeps its shape: stages, non-root USER, HEALTHCHECK, EXPOSE.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { AllTopics, partitionsOf } from '@lienthong/contracts';
import { LOCAL_SERVICES, type ServiceConfig, type ServiceDefinition } from '@lienthong/platform';
import { IntakeConfig } from '../services/intake/src/config';
import { RoutingConfig } from '../services/routing/src/config';
import { CivilRegistryConfig } from '../services/civil-registry/src/config';
import { SocialProtectionConfig } from '../services/social-protection/src/config';
import { OpsConsoleConfig } from '../services/ops-console/src/config';
import { NotificationConfig } from '../services/notification/src/config';
import { intakeService } from '../services/intake/src/service';
import { routingService } from '../services/routing/src/service';
import { civilRegistryService } from '../services/civil-registry/src/service';
import { socialProtectionService } from '../services/social-protection/src/service';
import { opsConsoleService } from '../services/ops-console/src/service';
import { notificationService } from '../services/notification/src/service';
import { CounterConfig } from '../services/counter/src/config';
import { checkEnvironment, interpolateCompose, variablesOf } from './check/config-variables';
import { parseDockerfile, stagesOf } from './check/dockerfile';

const DEPLOY = __dirname;
const ROOT = path.resolve(DEPLOY, '..');
const read = (...parts: string[]) => readFileSync(path.join(...parts), 'utf8');

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/**
 * Every Deployment's config class. The counter app (ADR 0654) has one too but no service
 * definition: no database, no Kafka, no token to verify (it serves pages; the browser calls the
 * APIs), so the checks of a database, the topics and the partitions do not apply to it.
 */
const SERVICES: Record<string, { schema: new () => object; definition?: ServiceDefinition<ServiceConfig> }> = {
  intake: { schema: IntakeConfig, definition: intakeService },
  routing: { schema: RoutingConfig, definition: routingService },
  'civil-registry': { schema: CivilRegistryConfig, definition: civilRegistryService },
  'social-protection': { schema: SocialProtectionConfig, definition: socialProtectionService },
  notification: { schema: NotificationConfig, definition: notificationService },
  'ops-console': { schema: OpsConsoleConfig, definition: opsConsoleService },
  counter: { schema: CounterConfig },
};
/** Those with a database and a Kafka consumer (every one but the counter app). */
const STATEFUL = Object.keys(SERVICES).filter((s) => SERVICES[s].definition !== undefined);
const SERVICE_NAMES = Object.keys(SERVICES).sort();

/** Instances of a service that get at least one partition of what it consumes. */
const usefulInstances = (service: string): number =>
  // The ops console's observer group reads every topic (its inbox none).
  // The counter app consumes nothing: its instances are bounded by nothing of Kafka's.
  SERVICES[service].definition === undefined ? Infinity : Math.max(...(service === 'ops-console' ? AllTopics : SERVICES[service].definition!.consumes).map((t) => partitionsOf(t)));

const expectNoProblems = (where: string, service: string, env: Record<string, string>) => {
  const problems = checkEnvironment(service, SERVICES[service].schema, env);
  expect({ where, ...problems }).toEqual({ where, unknown: [], missing: [], invalid: [] });
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'node_modules' ? [] : yamlFiles(full);
    return /\.ya?ml$/.test(entry) ? [full] : [];
  });
}

/** Every document of a YAML file, as plain data (merge keys `<<` applied, as Compose does). */
function documents(file: string): Json[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true })
    .map((d) => obj(d.toJS()))
    .filter((d) => Object.keys(d).length > 0);
}

describe('the config check itself', () => {
  it('knows which variables are required: no @IsOptional and no default', () => {
    expect(variablesOf(IntakeConfig).required).toEqual(['AUTH_JWKS_URL', 'DATABASE_URL', 'KAFKA_BROKERS']);
    expect(variablesOf(RoutingConfig).required).toEqual(['AUTH_JWKS_URL', 'DATABASE_URL', 'KAFKA_BROKERS']);
    expect(variablesOf(CivilRegistryConfig).all).toContain('DEATH_REGISTRATION_POLICY');
    expect(variablesOf(CivilRegistryConfig).required).not.toContain('DEATH_REGISTRATION_POLICY');
  });

  it('reports an unknown variable, a missing required one and a value the service refuses', () => {
    expect(checkEnvironment('routing', RoutingConfig, { KAFKA_BROKERS: 'kafka', ROUTING_DEADLINE_POL_MS: '5' })).toEqual({
      unknown: ['ROUTING_DEADLINE_POL_MS'],
      missing: ['AUTH_JWKS_URL', 'DATABASE_URL'],
      invalid: expect.arrayContaining([expect.stringMatching(/^DATABASE_URL/), expect.stringMatching(/^KAFKA_BROKERS/)]) as unknown,
    });
  });

  it('reads Compose interpolation defaults', () => {
    expect(interpolateCompose('postgres://u:${PW:-secret}@db/${DB}')).toBe('postgres://u:secret@db/x');
    expect(interpolateCompose('postgres://u:${PW:?set PW}@db/d')).toBe('postgres://u:operator-supplied-pw@db/d');
    expect(interpolateCompose('${AUTH_JWKS_URL:?set it}')).toBe('https://operator-supplied.example/AUTH_JWKS_URL');
  });
});

describe('every YAML file under deploy/', () => {
  const files = yamlFiles(DEPLOY);

  it('finds the compose file, the kustomizations and the manifests', () => {
    const relative = files.map((f) => path.relative(DEPLOY, f));
    expect(relative).toEqual(
      expect.arrayContaining([
        'compose/compose.yaml',
        'k8s/base/kustomization.yaml',
        'k8s/base/topics.yaml',
        'k8s/overlays/production/kustomization.yaml',
      ]),
    );
  });

  it.each(files.map((f) => [path.relative(DEPLOY, f), f]))('%s parses, every document of it', (_name, file) => {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
    expect(docs.flatMap((d) => d.errors.map((e) => e.message))).toEqual([]);
    expect(docs.length).toBeGreaterThan(0);
  });
});

describe('compose', () => {
  const composeDir = path.join(DEPLOY, 'compose');
  const compose = obj(parse(read(composeDir, 'compose.yaml'), { merge: true }));
  const services = obj(compose.services);
  const ours = Object.entries(services)
    .map(([key, s]) => ({ key, spec: obj(s) }))
    .filter(({ spec }) => str(spec.image).startsWith('lienthong/service') || str(obj(spec.build).dockerfile) === 'deploy/Dockerfile');
  const serviceOf = (spec: Json): string => str(arr(spec.command)[0]);

  const environment = (spec: Json): Record<string, string> => {
    const env = spec.environment;
    const pairs: [string, string][] = Array.isArray(env)
      ? env.map((e) => {
          const [k, ...v] = str(e).split('=');
          return [k, v.join('=')];
        })
      : Object.entries(obj(env)).map(([k, v]) => [k, str(v)]);
    return Object.fromEntries(pairs.map(([k, v]) => [k, interpolateCompose(v)]));
  };

  it('runs the four services from the image, each chosen by its command', () => {
    expect(ours.map(({ spec }) => serviceOf(spec)).sort()).toEqual(SERVICE_NAMES);
  });

  it.each(ours.map(({ key, spec }) => [key, spec]))('%s: only declared variables, every required one, valid values', (key, spec) => {
    expect(spec.env_file).toBeUndefined();
    expectNoProblems(`compose ${key}`, serviceOf(spec), environment(spec));
  });

  it('agency services run two replicas, each service its own database', () => {
    for (const { spec } of ours.filter(({ spec }) => STATEFUL.includes(serviceOf(spec)))) {
      const service = serviceOf(spec);
      const replicas = Number(obj(spec.deploy).replicas ?? 1);
      expect({ service, replicas }).toEqual({ service, replicas: ['civil-registry', 'social-protection'].includes(service) ? 2 : replicas });
      expect(replicas).toBeLessThanOrEqual(usefulInstances(service));
      const database = LOCAL_SERVICES.find((s) => s.name === service)?.database;
      expect(new URL(environment(spec).DATABASE_URL).pathname).toBe(`/${database}`);
    }
  });

  it('starts the services only after a healthy PostgreSQL and Kafka and the topic job', () => {
    for (const { key, spec } of ours.filter(({ spec }) => STATEFUL.includes(serviceOf(spec)))) {
      expect({ key, dependsOn: spec.depends_on }).toEqual({
        key,
        dependsOn: {
          postgres: { condition: 'service_healthy' },
          kafka: { condition: 'service_healthy' },
          'kafka-topics': { condition: 'service_completed_successfully' },
        },
      });
      expect(arr(obj(spec.healthcheck).test).join(' ')).toContain('/health/ready');
    }
    // The counter app needs neither; it starts once intake, whose API its pages call, is ready.
    expect(obj(services.counter).depends_on).toEqual({ intake: { condition: 'service_healthy' } });
    expect(arr(obj(obj(services.counter).healthcheck).test).join(' ')).toContain('/health/ready');
    expect(obj(services.postgres).healthcheck).toBeDefined();
    expect(obj(services.kafka).healthcheck).toBeDefined();
    expect(obj(services['kafka-topics']).depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
  });

  it('runs Apache Kafka in KRaft mode from the official image, without topic auto-creation', () => {
    const kafka = obj(services.kafka);
    expect(str(kafka.image)).toMatch(/^apache\/kafka:\d/);
    const env = obj(kafka.environment);
    expect(str(env.KAFKA_PROCESS_ROLES)).toBe('broker,controller');
    expect(str(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE)).toBe('false');
    expect(str(env.KAFKA_ADVERTISED_LISTENERS)).toContain('kafka:9092');
  });

  it('creates every service\'s database on the PostgreSQL server', () => {
    const postgres = obj(services.postgres);
    const mount = arr(postgres.volumes).map(str).find((v) => v.includes('/docker-entrypoint-initdb.d/'));
    expect(mount).toBeDefined();
    const script = read(composeDir, str(mount).split(':')[0]);
    for (const s of LOCAL_SERVICES) expect(script).toMatch(new RegExp(`^create_database ${s.database}$`, 'm'));
  });

  it('the set-up job creates every topic of the contracts with its partition count, replication and retention', () => {
    const job = obj(services['kafka-topics']);
    expect(arr(job.entrypoint).join(' ')).toContain('/scripts/create-topics.sh');
    const mount = arr(job.volumes).map(str).find((v) => v.includes(':/scripts/create-topics.sh'));
    expect(mount).toBeDefined();
    const script = read(composeDir, str(mount).split(':')[0]);
    const created = Object.fromEntries([...script.matchAll(/^create (\S+) (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    expect(created).toEqual(Object.fromEntries(AllTopics.map((t) => [t, partitionsOf(t)])));
    expect(script).toContain('kafka-topics.sh');
    expect(script).toMatch(/--replication-factor "\$REPLICATION_FACTOR"/);
    expect(script).toMatch(/retention\.ms=/);
  });
});

describe('kubernetes (kustomize)', () => {
  const k8s = path.join(DEPLOY, 'k8s');
  const base = path.join(k8s, 'base');
  const kustomization = (dir: string) => obj(parse(read(dir, 'kustomization.yaml')));
  const resourcesOf = (dir: string): Json[] =>
    arr(kustomization(dir).resources)
      .map(str)
      .flatMap((r) => (statSync(path.join(dir, r)).isDirectory() ? resourcesOf(path.join(dir, r)) : documents(path.join(dir, r))));
  const baseDocs = resourcesOf(base);
  const named = (kind: string, name: string) => baseDocs.find((d) => d.kind === kind && obj(d.metadata).name === name);
  const deployments = baseDocs.filter((d) => d.kind === 'Deployment');
  const containerOf = (d: Json): Json => obj(arr(obj(obj(obj(d.spec).template).spec).containers)[0]);
  const serviceOf = (d: Json): string => str(arr(containerOf(d).args)[0]);
  const overlays = readdirSync(path.join(k8s, 'overlays')).map((o) => path.join(k8s, 'overlays', o));

  it('every file a kustomization names exists', () => {
    for (const dir of [base, ...overlays]) {
      const k = kustomization(dir);
      const paths = [...arr(k.resources), ...arr(k.patches).map((p) => obj(p).path).filter((p) => p !== undefined)].map(str);
      for (const p of paths) expect({ dir: path.relative(DEPLOY, dir), p, exists: existsSync(path.join(dir, p)) }).toMatchObject({ exists: true });
    }
  });

  /** The environment one container gets: env entries and every ConfigMap/Secret of envFrom. */
  const environment = (container: Json): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const source of arr(container.envFrom).map(obj)) {
      const ref = source.configMapRef ?? source.secretRef;
      const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
      const name = str(obj(ref).name);
      const doc = named(kind, name);
      expect({ kind, name, found: doc !== undefined }).toEqual({ kind, name, found: true });
      const data = { ...obj(doc?.data), ...obj(doc?.stringData) };
      const decoded = kind === 'Secret' && doc?.data ? Object.keys(obj(doc.data)) : [];
      for (const [k, v] of Object.entries(data)) env[k] = decoded.includes(k) ? Buffer.from(str(v), 'base64').toString() : str(v);
    }
    for (const e of arr(container.env).map(obj)) env[str(e.name)] = e.value !== undefined ? str(e.value) : 'from-reference';
    return env;
  };

  it('has one Deployment per service, each running its service from the image', () => {
    expect(deployments.map(serviceOf).sort()).toEqual(SERVICE_NAMES);
    for (const d of deployments) expect(str(containerOf(d).image)).toMatch(/^lienthong\/service/);
  });

  it.each(deployments.map((d) => [serviceOf(d), d]))('%s: only declared variables, every required one, valid values', (service, d) => {
    const env = environment(containerOf(d));
    expectNoProblems(`k8s ${service}`, service, env);
    expect(env.HOST).toBe('0.0.0.0');
  });

  it.each(deployments.map((d) => [serviceOf(d), d]))('%s: probes, resources, non-root, Service and PodDisruptionBudget', (service, d) => {
    const c = containerOf(d);
    const env = environment(c);
    const port = obj(arr(c.ports)[0]);
    expect(String(port.containerPort)).toBe(env.PORT);
    expect(obj(obj(c.readinessProbe).httpGet).path).toBe('/health/ready');
    expect(obj(obj(c.livenessProbe).httpGet).path).toBe('/health/live');
    const resources = obj(c.resources);
    expect(Object.keys(obj(resources.requests)).sort()).toEqual(['cpu', 'memory']);
    expect(obj(resources.limits).memory).toBeDefined();
    expect(obj(obj(obj(d.spec).template).spec).securityContext).toMatchObject({ runAsNonRoot: true });
    const labels = obj(obj(obj(d.spec).selector).matchLabels);
    const svc = named('Service', service);
    expect(obj(svc?.spec).selector).toEqual(labels);
    const pdb = baseDocs.find((x) => x.kind === 'PodDisruptionBudget' && obj(obj(x.spec).selector).matchLabels !== undefined && JSON.stringify(obj(obj(x.spec).selector).matchLabels) === JSON.stringify(labels));
    expect(pdb).toBeDefined();
    expect(Number(obj(d.spec).replicas)).toBeGreaterThanOrEqual(2);
  });

  it.each(overlays.map((o) => [path.relative(DEPLOY, o), o]))('%s: replicas within the partitions, patches set only declared variables', (_name, dir) => {
    const k = kustomization(dir);
    for (const r of arr(k.replicas).map(obj)) {
      const service = str(r.name);
      expect(SERVICE_NAMES).toContain(service);
      expect({ service, count: Number(r.count) <= usefulInstances(service) }).toEqual({ service, count: true });
    }
    const patched = arr(k.patches).flatMap((p) => (obj(p).path ? documents(path.join(dir, str(obj(p).path))) : []));
    for (const doc of patched) {
      if (doc.kind === 'Deployment') {
        for (const c of arr(obj(obj(obj(doc.spec).template).spec).containers).map(obj)) {
          const service = str(c.name);
          const names = arr(c.env).map((e) => str(obj(e).name));
          expect({ service, unknown: names.filter((n) => !variablesOf(SERVICES[service].schema).all.includes(n)) }).toEqual({ service, unknown: [] });
        }
      }
      if (doc.kind === 'ConfigMap' || doc.kind === 'Secret') {
        const name = str(obj(doc.metadata).name);
        const users = deployments.filter((d) => arr(containerOf(d).envFrom).some((s) => str(obj(obj(s).configMapRef ?? obj(s).secretRef).name) === name));
        for (const d of users) {
          const all = variablesOf(SERVICES[serviceOf(d)].schema).all;
          const keys = [...Object.keys(obj(doc.data)), ...Object.keys(obj(doc.stringData))];
          expect(keys.filter((key) => !all.includes(key))).toEqual([]);
        }
      }
    }
  });

  it('the topics, the Strimzi cluster and KAFKA_BROKERS name the same Kafka cluster', () => {
    const cluster = documents(path.join(k8s, 'kafka', 'kafka.yaml')).find((d) => d.kind === 'Kafka');
    const name = str(obj(cluster?.metadata).name);
    expect(name).not.toBe('');
    for (const t of baseDocs.filter((d) => d.kind === 'KafkaTopic')) expect(obj(obj(t.metadata).labels)['strimzi.io/cluster']).toBe(name);
    expect(str(obj(named('ConfigMap', 'lienthong-common')?.data).KAFKA_BROKERS)).toBe(`${name}-kafka-bootstrap:9092`);
  });

  it('every topic of the contracts is a KafkaTopic with its partition count, 3 replicas and a retention', () => {
    const topics = baseDocs.filter((d) => d.kind === 'KafkaTopic');
    const byName = Object.fromEntries(topics.map((t) => [str(obj(t.spec).topicName || obj(t.metadata).name), obj(t.spec)]));
    expect(Object.keys(byName).sort()).toEqual([...AllTopics].sort());
    for (const topic of AllTopics) {
      const spec = byName[topic];
      expect({ topic, partitions: spec.partitions, replicas: spec.replicas }).toEqual({ topic, partitions: partitionsOf(topic), replicas: 3 });
      expect(obj(spec.config)['retention.ms']).toBeDefined();
      expect(obj(spec.config)['cleanup.policy']).toBe('delete');
    }
  });
});

describe('the Dockerfile', () => {
  const instructions = parseDockerfile(read(DEPLOY, 'Dockerfile'));
  const stages = stagesOf(instructions);
  const runtime = stages[stages.length - 1];
  const of = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);

  it('is multi-stage: a build stage compiles, a production-dependencies stage installs, the last stage runs', () => {
    expect(stages.map((s) => s.name)).toEqual(['base', 'build', 'prod-deps', 'runtime']);
    const build = stages.find((s) => s.name === 'build');
    expect(build?.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('tsc -p tsconfig.build.json'))).toBe(true);
    const deps = stages.find((s) => s.name === 'prod-deps');
    expect(deps?.instructions.some((i) => i.keyword === 'RUN' && /npm ci .*--omit=dev/.test(i.args))).toBe(true);
    const copies = of('COPY').map((i) => i.args);
    expect(copies).toEqual(expect.arrayContaining([expect.stringMatching(/^--from=build /), expect.stringMatching(/^--from=prod-deps /)]));
    expect(of('RUN').some((i) => /npm (ci|install)/.test(i.args))).toBe(false);
  });

  it('runs as a numeric non-root user', () => {
    const users = of('USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatch(/^\d+(:\d+)?$/);
    expect(users[0].split(':')[0]).not.toBe('0');
    const afterUser = runtime.instructions.slice(runtime.instructions.findIndex((i) => i.keyword === 'USER'));
    expect(afterUser.filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('checks /health/live, exposes the port the manifests use, and takes the service by argument or SERVICE', () => {
    expect(of('HEALTHCHECK')).toHaveLength(1);
    expect(of('HEALTHCHECK')[0].args).toMatch(/CMD \["lienthong-service", "healthcheck"\]/);
    const entrypoint = read(DEPLOY, 'docker', 'entrypoint.sh');
    expect(entrypoint).toContain('/health/live');
    expect(entrypoint).toContain('${1:-${SERVICE:-}}');
    for (const s of SERVICE_NAMES) expect(entrypoint).toContain(s);
    const port = /PORT=(\d+)/.exec(of('ENV').map((i) => i.args).join(' '))?.[1];
    expect(of('EXPOSE').map((i) => i.args)).toEqual([port]);
    expect(of('ENTRYPOINT').map((i) => i.args)).toEqual(['["lienthong-service"]']);
    expect(of('ARG').map((i) => i.args)).toContain('SERVICE=""');
  });

  it('copies only what .dockerignore lets into the context', () => {
    const allowed = read(ROOT, '.dockerignore')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1).replace(/\/\*\*$/, ''));
    const sources = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const source of sources) {
      expect({ source, allowed: allowed.some((a) => source === a || source.startsWith(`${a}/`)) }).toEqual({ source, allowed: true });
      expect(existsSync(path.join(ROOT, source))).toBe(true);
    }
  });
});

describe('monitoring (k8s/monitoring, docs/observability.md)', () => {
  const deployments = () =>
    yamlFiles(path.join(DEPLOY, 'k8s', 'base'))
      .flatMap((f) => parseAllDocuments(read(f)).map((d) => obj(d.toJS())))
      .filter((d) => d.kind === 'Deployment');

  it('every Deployment asks Prometheus to scrape /metrics on its container port', () => {
    const found = deployments();
    expect(found.map((d) => str(obj(obj(d.metadata).labels)['app.kubernetes.io/name'])).sort()).toEqual(SERVICE_NAMES);
    for (const d of found) {
      const template = obj(obj(d.spec).template);
      const ports = arr(obj(arr(obj(template.spec).containers)[0]).ports).map((p) => str(obj(p).containerPort));
      expect(obj(obj(template.metadata).annotations)).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': ports[0],
        'prometheus.io/path': '/metrics',
      });
    }
  });

  it('alerts only on series the services export', () => {
    // Every service's series, and routing's own gauge of open incidents (ADR 0010).
    const source = read(ROOT, 'libs', 'platform', 'src', 'metrics', 'service-metrics.ts') + read(ROOT, 'services', 'routing', 'src', 'service.ts');
    const exported = new Set([...source.matchAll(/'(lienthong_[a-z_]+)'/g)].flatMap(([, n]) => [n, `${n}_count`, `${n}_sum`, `${n}_bucket`]));
    const rules = parseAllDocuments(read(DEPLOY, 'k8s', 'monitoring', 'prometheus-rules.yaml')).map((d) => obj(d.toJS()));
    const exprs = rules.flatMap((r) => arr(obj(r.spec).groups)).flatMap((g) => arr(obj(g).rules)).map((r) => str(obj(r).expr));
    expect(exprs.length).toBeGreaterThan(0);
    const used = exprs.flatMap((e) => [...e.matchAll(/lienthong_[a-z_]+/g)].map(([n]) => n));
    expect(used.filter((n) => !exported.has(n))).toEqual([]);
  });
});

describe('the engines deploy/ runs are the ones the tests run (ADR 0008, 0009)', () => {
  const pomKafka = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read(ROOT, 'libs', 'apache-kafka', 'pom.xml'))?.[1] ?? '';
  const cluster = obj(parseAllDocuments(read(DEPLOY, 'k8s', 'kafka', 'kafka.yaml')).map((d) => obj(d.toJS())).find((d) => d.kind === 'Kafka'));
  const kafkaSpec = obj(obj(cluster.spec).kafka);

  it('compose and Strimzi run the Apache Kafka version of npm run test:kafka (libs/apache-kafka/pom.xml)', () => {
    expect(pomKafka).toMatch(/^4\.\d+\.\d+$/);
    const compose = obj(parse(read(DEPLOY, 'compose', 'compose.yaml'), { merge: true }));
    const images = Object.values(obj(compose.services)).map((s) => str(obj(s).image)).filter((i) => i.startsWith('apache/kafka:'));
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const image of images) expect(image).toBe(`apache/kafka:${pomKafka}`);
    expect(str(kafkaSpec.version)).toBe(pomKafka);
    expect(str(kafkaSpec.metadataVersion)).toMatch(new RegExp(`^${pomKafka.split('.').slice(0, 2).join('\\.')}-IV\\d+$`));
  });

  it('production topics: replication factor 3 and min.insync.replicas 2, cluster defaults alike', () => {
    const config = obj(kafkaSpec.config);
    expect({
      auto: config['auto.create.topics.enable'],
      rf: config['default.replication.factor'],
      minIsr: config['min.insync.replicas'],
      offsets: config['offsets.topic.replication.factor'],
    }).toEqual({ auto: false, rf: 3, minIsr: 2, offsets: 3 });
    const kustomization = obj(parse(read(DEPLOY, 'k8s', 'base', 'kustomization.yaml')));
    const docs = arr(kustomization.resources)
      .map(str)
      .flatMap((f) => parseAllDocuments(read(DEPLOY, 'k8s', 'base', f)).map((d) => obj(d.toJS())))
      .filter((d) => d.kind === 'KafkaTopic');
    expect(docs.length).toBe(AllTopics.length);
    for (const t of docs) {
      const spec = obj(t.spec);
      expect({ topic: spec.topicName, replicas: spec.replicas, minIsr: str(obj(spec.config)['min.insync.replicas']) }).toEqual({ topic: spec.topicName, replicas: 3, minIsr: '2' });
    }
  });

  it('the image runs the Node.js major that npm run test:node24 tests', () => {
    const tested = /const NODE_24 = '(\d+)\.\d+\.\d+'/.exec(read(ROOT, 'scripts', 'test-node24.js'))?.[1];
    const arg = parseDockerfile(read(DEPLOY, 'Dockerfile')).find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_VERSION='));
    expect(tested).toBe('24');
    expect(arg?.args).toBe(`NODE_VERSION=${tested}`);
    const engines = obj(JSON.parse(read(ROOT, 'package.json')).engines);
    expect(str(engines.node)).toContain(`^${tested}.`);
  });
});
