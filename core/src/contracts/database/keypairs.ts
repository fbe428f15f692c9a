export interface KeypairRecord {
  accessKey: string;
  secretKey: string;
  userId: string;
  userEmail: string;
  userRole: 'superadmin' | 'admin' | 'user' | 'monitor';
  domainName: string;
  isActive: boolean;
  isAdmin: boolean;
  rateLimit: number;
  resourcePolicy: string;
}

export interface KeypairRepository {
  findByAccessKey(accessKey: string): Promise<KeypairRecord | null>;
  touchLastUsed(accessKey: string, at: Date): Promise<void>;
}
