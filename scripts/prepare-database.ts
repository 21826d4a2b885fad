// `npm run db:prepare`: migrate the database DATABASE_URL names (default ./data/keytrail.db) and seed demo
// data when it is empty and KEYTRAIL_DEMO is not 0.
import { prepareDatabase } from "@/lib/setup/prepare";

await prepareDatabase();
