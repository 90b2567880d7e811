import { intBetween, pick } from "../prng.js";

const FIRST_NAMES = [
  "Olivia",
  "Liam",
  "Amara",
  "Noah",
  "Sofia",
  "Mateo",
  "Priya",
  "Ethan",
  "Chloé",
  "Kenji",
  "Fatima",
  "Lucas",
  "Zoë",
  "Omar",
  "Isabella",
  "Hiro",
  "Maya",
  "Diego",
  "Aaliyah",
  "Jonas",
  "Grace",
  "Ravi",
  "Emma",
  "Chidi",
  "Hannah",
  "Mikhail",
  "Leah",
  "Santiago",
  "Ingrid",
  "Kwame",
  "Nora",
  "Tomás",
  "Ava",
  "Yusuf",
  "Mei",
  "Oscar",
  "Elena",
  "Aditya",
  "Freya",
  "Malik",
] as const;

const LAST_NAMES = [
  "Smith",
  "García",
  "Nguyen",
  "O'Brien",
  "Okafor",
  "Müller",
  "Tanaka",
  "Patel",
  "Kowalski",
  "Johansson",
  "Haddad",
  "Rossi",
  "Chen",
  "Ivanova",
  "Williams",
  "Martínez",
  "Singh",
  "Dubois",
  "Kim",
  "Mensah",
  "Andersson",
  "Costa",
  "Fischer",
  "Hernández",
  "Brown",
  "Nakamura",
  "Cohen",
  "Ali",
  "Novak",
  "Walsh",
  "Lopez",
  "Schmidt",
  "Yamamoto",
  "Adeyemi",
  "Taylor",
  "Petrov",
  "Reyes",
  "Larsen",
  "Khan",
  "Moore",
] as const;

const EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"] as const;
const AREA_CODES = ["212", "305", "312", "415", "512", "617", "646", "702", "206", "303"] as const;

// Slugs computed once: the 100k batch builds a person per row.
const FIRST_SLUGS = new Map<string, string>(FIRST_NAMES.map((name) => [name, asciiSlug(name)]));
const LAST_SLUGS = new Map<string, string>(LAST_NAMES.map((name) => [name, asciiSlug(name)]));

export interface Person {
  first_name: string;
  last_name: string;
  email: string;
}

export function personFrom(firstUnit: number, lastUnit: number, domainUnit: number, tag = ""): Person {
  const first = pick(FIRST_NAMES, firstUnit);
  const last = pick(LAST_NAMES, lastUnit);
  const domain = pick(EMAIL_DOMAINS, domainUnit);
  return {
    first_name: first,
    last_name: last,
    email: `${FIRST_SLUGS.get(first) ?? ""}.${LAST_SLUGS.get(last) ?? ""}${tag}@${domain}`,
  };
}

// North American test numbers in the 555-01xx fictional range keep the demo from dialling anyone real.
export function phoneFrom(areaUnit: number, lineUnit: number): string {
  const area = pick(AREA_CODES, areaUnit);
  return `+1${area}555${String(100 + intBetween(lineUnit, 0, 99)).padStart(4, "0")}`;
}

function asciiSlug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}
