// Function code names its context without the database type: `QueryContext ctx`, `ctx.Db.Events`.
global using ActionContext = Poktapok.Engine.Functions.ActionContext;
global using MutationContext = Poktapok.Engine.Functions.MutationContext<Poktapok.App.Data.AppDb>;
global using QueryContext = Poktapok.Engine.Functions.QueryContext<Poktapok.App.Data.AppDb>;
