import "next-auth";

declare module "next-auth" {
  interface Session {
    user: {
      name?: string | null;
      email: string;
      image?: string | null;
      isEmailVerified: boolean;
      groups: string[];
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    isEmailVerified?: boolean;
    groups?: string[];
  }
}
