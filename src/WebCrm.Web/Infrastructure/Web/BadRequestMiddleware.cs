using Microsoft.AspNetCore.Antiforgery;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// A malformed or oversized request body is the client's fault: answer 400 instead of letting the exception
/// become a 500 error page.
/// </summary>
public sealed class BadRequestMiddleware(RequestDelegate next, ILogger<BadRequestMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (IsClientError(ex) && !context.Response.HasStarted)
        {
            logger.LogInformation("Rejected a malformed request to {Path}: {Message}", context.Request.Path, ex.Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    private static bool IsClientError(Exception ex) => ex is InvalidDataException or BadHttpRequestException
        or AntiforgeryValidationException or Microsoft.AspNetCore.Mvc.ModelBinding.ValueProviderException
        || ex.InnerException is InvalidDataException or BadHttpRequestException
        // MVC's collection binder refuses a list longer than MaxModelBindingCollectionSize with a bare
        // InvalidOperationException; its message names the option, which is the only mark it carries.
        || ex is InvalidOperationException && ex.Message.Contains(nameof(Microsoft.AspNetCore.Mvc.MvcOptions.MaxModelBindingCollectionSize), StringComparison.Ordinal)
        // Last line of defence behind the validators: text longer than its column is the input's fault, not a server error.
        || ex is Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: "22001" } };
}
