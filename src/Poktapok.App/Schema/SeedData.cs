using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>
/// The rows every database starts with (LEGACY.md §1.6): the 43-skill taxonomy and the three programs.
/// They are part of the migrations, with ids derived from their names so every database has the same ones.
/// </summary>
public static class SeedData
{
    /// <summary>The creation time given to seed rows.</summary>
    public static readonly DateTimeOffset SeededAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<Skill> Skills { get; } =
    [
        Skill("JavaScript", "javascript", SkillCategory.Language, "The language of the web, in the browser and on the server."),
        Skill("TypeScript", "typescript", SkillCategory.Language, "JavaScript with static types."),
        Skill("Python", "python", SkillCategory.Language, "A general-purpose language popular for scripting, data and AI."),
        Skill("Rust", "rust", SkillCategory.Language, "A systems language focused on safety and performance."),
        Skill("Solidity", "solidity", SkillCategory.Language, "The main language for Ethereum smart contracts."),
        Skill("Go", "go", SkillCategory.Language, "A simple, fast compiled language for services and tools."),
        Skill("Java", "java", SkillCategory.Language, "A widely used language for backend and Android development."),
        Skill("React", "react", SkillCategory.Framework, "A library for building user interfaces from components."),
        Skill("Next.js", "nextjs", SkillCategory.Framework, "A React framework for full-stack web applications."),
        Skill("Vue.js", "vuejs", SkillCategory.Framework, "A progressive framework for building user interfaces."),
        Skill("Angular", "angular", SkillCategory.Framework, "A TypeScript framework for web applications."),
        Skill("Svelte", "svelte", SkillCategory.Framework, "A compiler-based framework for reactive user interfaces."),
        Skill("Tailwind CSS", "tailwind-css", SkillCategory.Framework, "A utility-first CSS framework."),
        Skill("Node.js", "nodejs", SkillCategory.Framework, "A JavaScript runtime for servers and tools."),
        Skill("Express", "express", SkillCategory.Framework, "A minimal web framework for Node.js."),
        Skill("NestJS", "nestjs", SkillCategory.Framework, "A structured framework for Node.js server applications."),
        Skill("Django", "django", SkillCategory.Framework, "A batteries-included Python web framework."),
        Skill("FastAPI", "fastapi", SkillCategory.Framework, "A modern, fast Python framework for APIs."),
        Skill("Ruby on Rails", "ruby-on-rails", SkillCategory.Framework, "A full-stack web framework for Ruby."),
        Skill("Git", "git", SkillCategory.Tool, "Distributed version control."),
        Skill("Docker", "docker", SkillCategory.Tool, "Containers for building and shipping applications."),
        Skill("PostgreSQL", "postgresql", SkillCategory.Tool, "An advanced open-source relational database."),
        Skill("MongoDB", "mongodb", SkillCategory.Tool, "A document database."),
        Skill("Redis", "redis", SkillCategory.Tool, "An in-memory data store and cache."),
        Skill("GraphQL", "graphql", SkillCategory.Tool, "A query language for APIs."),
        Skill("Prisma", "prisma", SkillCategory.Tool, "A TypeScript ORM and database toolkit."),
        Skill("Drizzle ORM", "drizzle-orm", SkillCategory.Tool, "A lightweight TypeScript ORM."),
        Skill("Ethereum", "ethereum", SkillCategory.Blockchain, "The programmable blockchain for smart contracts."),
        Skill("Wagmi", "wagmi", SkillCategory.Blockchain, "React hooks for Ethereum."),
        Skill("Ethers.js", "ethersjs", SkillCategory.Blockchain, "A JavaScript library for interacting with Ethereum."),
        Skill("Viem", "viem", SkillCategory.Blockchain, "A TypeScript interface for Ethereum."),
        Skill("Arbitrum", "arbitrum", SkillCategory.Blockchain, "An Ethereum layer-2 rollup."),
        Skill("Base", "base", SkillCategory.Blockchain, "An Ethereum layer-2 network."),
        Skill("Polygon", "polygon", SkillCategory.Blockchain, "An Ethereum scaling network."),
        Skill("Optimism", "optimism", SkillCategory.Blockchain, "An Ethereum layer-2 optimistic rollup."),
        Skill("The Graph", "the-graph", SkillCategory.Blockchain, "An indexing protocol for querying blockchain data."),
        Skill("Web3", "web3", SkillCategory.Other, "Decentralised applications and the technology behind them."),
        Skill("DeFi", "defi", SkillCategory.Other, "Decentralised finance protocols and applications."),
        Skill("Smart Contracts", "smart-contracts", SkillCategory.Other, "Programs that run on a blockchain."),
        Skill("REST APIs", "rest-apis", SkillCategory.Other, "Designing and building HTTP APIs."),
        Skill("IPFS", "ipfs", SkillCategory.Other, "A peer-to-peer file storage protocol."),
        Skill("Hardhat", "hardhat", SkillCategory.Other, "An Ethereum development environment."),
        Skill("Foundry", "foundry", SkillCategory.Other, "A fast toolkit for Ethereum development in Solidity."),
    ];

    public static IReadOnlyList<TrainingProgram> Programs { get; } =
    [
        Program("De Cero a Chamba", ProgramType.Cohort,
            "A cohort that takes members from zero to their first paid work in tech."),
        Program("DeFi-esta", ProgramType.Cohort,
            "A cohort on decentralised finance: protocols, smart contracts and building DeFi products."),
        Program("Open", ProgramType.Evergreen,
            "The evergreen track: open activities and sessions for every member, any time."),
    ];

    private static Skill Skill(string name, string slug, SkillCategory category, string description) => new()
    {
        Id = DeterministicGuid.Create("skills/" + slug),
        Name = name,
        Slug = slug,
        Category = category,
        Description = description,
        CreatedAt = SeededAt,
        UpdatedAt = SeededAt,
    };

    private static TrainingProgram Program(string name, ProgramType type, string description) => new()
    {
        Id = DeterministicGuid.Create("programs/" + name),
        Name = name,
        ProgramType = type,
        Description = description,
        IsActive = true,
        CreatedAt = SeededAt,
        UpdatedAt = SeededAt,
    };
}
